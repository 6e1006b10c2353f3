/** The config and baseline files, named once: in the directory whose files they govern. */
export const CONFIG_FILE_NAME = 'ssot-guard.config.json';
export const BASELINE_FILE_NAME = 'ssot-guard.baseline.json';
