/** Imported first by each entry point (bin, hook, daemon): the Node version is checked before anything else loads. */
import { refuseOldNode } from './node-version.js';

refuseOldNode();
