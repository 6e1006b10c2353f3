from app.agents.supervisor.agent_instance_factory import AgentInstanceFactory


def start_agent(user_id: str):
    return AgentInstanceFactory().create(user_id)
