/**
 * The commented `steward.yaml` that `steward init` writes: every field a deployment can have,
 * with the common ones filled in and the rest commented out.
 *
 * @param projectName the project's name (the folder's name by default)
 */
export function starterYaml(projectName: string): string {
  return `# steward.yaml: the deployments of this project.
# Deploy them with \`steward deploy --all\` (or one with \`steward deploy --name NAME\`).
# Values may use environment variables: "{{ $MY_VARIABLE }}".
name: ${JSON.stringify(projectName)}

# Steps a flow run performs before importing its entrypoint. Left out (or null), runs start in
# this file's folder; \`pull: []\` means no steps at all.
# pull:
#   - git_clone:
#       repository: https://github.com/org/repo.git
#       branch: main
#       access_token_env: GITHUB_TOKEN   # the name of a variable, never the token itself
#   - run_shell_script:
#       script: npm ci

deployments:
  - name: hello
    # path/to/file.ts:exportName, relative to this file's folder
    entrypoint: flows/hello.ts:hello
    description: Greets someone.
    # version: "1.0"
    # tags: [example]
    parameters:
      name: world
    # enforce_parameter_schema: true     # reject runs whose parameters break the flow's schema
    # concurrency_limit: 1               # or {limit: 1, collision_strategy: CANCEL_NEW}
    schedules:
      - interval: 3600                   # seconds, or an ISO-8601 duration such as PT1H
        active: false                    # set to true to start the schedule
      # - cron: "0 2 * * *"
      #   timezone: Europe/Paris
      # - rrule: "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    work_pool:
      name: my-pool                      # create it with \`steward work-pool create --type process my-pool\`
      # work_queue_name: default
      # job_variables:
      #   env:
      #     LOG_LEVEL: debug
`;
}
