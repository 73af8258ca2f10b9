ANALYZE workspace, agent_runtime, agent, project, issue, agent_task_queue, task_usage
;
