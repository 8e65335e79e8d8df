namespace Ariadne.Gate;

/// <summary>
/// The CI files <c>ariadne ci init github|gitlab</c> writes: install Ariadne, pull the tracked data, run the pipeline,
/// run <c>ariadne check</c> against the pull request's target branch, and post the Markdown report. Three variables
/// make it the project's own: <c>ARIADNE_FEED</c> (the NuGet feed with the Ariadne.Cli package), <c>ARIADNE_INSTALL</c>
/// (the install command; replace it to install another way) and <c>ARIADNE_CHECK_ARGS</c> (the metrics to watch).
/// </summary>
internal static class CiWorkflow
{
    public const string GitHubPath = ".github/workflows/ariadne.yml";
    public const string GitLabPath = ".gitlab-ci.yml";
    public const string ReportFile = "ariadne-check.md";

    private const string Install = "dotnet tool install --global Ariadne.Cli --add-source \"${ARIADNE_FEED:?set ARIADNE_FEED to the NuGet feed that holds Ariadne.Cli (docs/ci.md)}\"";

    // GitLab expands variables inside variables, so its install line names the feed plainly.
    private const string GitLabInstall = "dotnet tool install --global Ariadne.Cli --add-source \"$ARIADNE_FEED\" && export PATH=\"$PATH:$HOME/.dotnet/tools\"";

    /// <summary>The GitHub Actions workflow; the .NET SDK comes from <c>global.json</c> when the project has one.</summary>
    public static string GitHub(string feed, string checkArguments, bool hasGlobalJson) => $$$"""
        # Written by 'ariadne ci init github': the Ariadne CI gate (docs/ci.md in the Ariadne repository).
        # On every pull request: install Ariadne, pull the tracked data, run the pipeline, run 'ariadne check' against
        # the target branch, and post its report as a pull-request comment (updated in place on later pushes).
        # ARIADNE_FEED: the NuGet feed holding Ariadne.Cli (or set the repository variable ARIADNE_FEED).
        # ARIADNE_INSTALL: how Ariadne is installed; ARIADNE_CHECK_ARGS: the metrics to watch, e.g.
        #   --metric validation.accuracy --max-drop 0.01 --metric loss --max-rise 0.05
        name: ariadne

        on:
          pull_request:
          push:
            branches: [main, master]

        permissions:
          contents: read
          pull-requests: write

        env:
          ARIADNE_FEED: ${{ vars.ARIADNE_FEED || '{{{feed.Replace("'", "''", StringComparison.Ordinal)}}}' }}
          ARIADNE_INSTALL: {{{Yaml(Install)}}}
          ARIADNE_CHECK_ARGS: {{{Yaml(checkArguments)}}}

        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0
              - uses: actions/setup-dotnet@v4
                with:
                  {{{(hasGlobalJson ? "global-json-file: global.json" : "dotnet-version: '10.0.x'")}}}
              - name: Install Ariadne
                run: |
                  eval "$ARIADNE_INSTALL"
                  echo "$HOME/.dotnet/tools" >> "$GITHUB_PATH"
              - name: Pull tracked data
                run: ariadne pull
              - name: Run the pipeline
                run: ariadne repro
              - name: Check
                id: check
                env:
                  BASELINE: ${{ github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || 'HEAD~1' }}
                run: |
                  status=0
                  ariadne check --baseline "$BASELINE" $ARIADNE_CHECK_ARGS --report {{{ReportFile}}} || status=$?
                  cat {{{ReportFile}}} >> "$GITHUB_STEP_SUMMARY"
                  echo "status=$status" >> "$GITHUB_OUTPUT"
              - name: Post the report on the pull request
                if: always() && github.event_name == 'pull_request' && steps.check.outputs.status != ''
                uses: actions/github-script@v7
                with:
                  script: |
                    const fs = require('fs');
                    const body = fs.readFileSync('{{{ReportFile}}}', 'utf8');
                    const { owner, repo } = context.repo;
                    const issue_number = context.issue.number;
                    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
                    const previous = comments.find(c => c.body && c.body.startsWith('{{{GateReport.Marker}}}'));
                    if (previous) {
                      await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
                    } else {
                      await github.rest.issues.createComment({ owner, repo, issue_number, body });
                    }
              - name: Keep the report
                if: always()
                uses: actions/upload-artifact@v4
                with:
                  name: ariadne-check
                  path: {{{ReportFile}}}
                  if-no-files-found: ignore
              - name: Fail when the gate failed
                if: steps.check.outputs.status != '0'
                run: exit 1

        """;

    /// <summary>
    /// The GitLab CI pipeline: one job; the report is an artifact, and a merge-request note when the CI/CD variable
    /// <c>ARIADNE_GITLAB_TOKEN</c> holds a token that may comment (GitLab's job token may not).
    /// </summary>
    public static string GitLab(string feed, string checkArguments) => $$"""
        # Written by 'ariadne ci init gitlab': the Ariadne CI gate (docs/ci.md in the Ariadne repository).
        # On merge requests and the default branch: install Ariadne, pull the tracked data, run the pipeline, run
        # 'ariadne check' against the target branch, keep the report as an artifact and post it as a merge-request
        # note when ARIADNE_GITLAB_TOKEN (a CI/CD variable: a token with the api scope) is set.
        # ARIADNE_FEED: the NuGet feed holding Ariadne.Cli. ARIADNE_INSTALL: how Ariadne is installed.
        # ARIADNE_CHECK_ARGS: the metrics to watch, e.g. --metric validation.accuracy --max-drop 0.01
        # ARIADNE_BASELINE: the baseline outside merge requests (default: the previous commit).
        stages: [ariadne]

        variables:
          ARIADNE_FEED: {{Yaml(feed)}}
          ARIADNE_INSTALL: {{Yaml(GitLabInstall)}}
          ARIADNE_CHECK_ARGS: {{Yaml(checkArguments)}}
          ARIADNE_BASELINE: "HEAD~1"
          GIT_DEPTH: "0"

        ariadne-check:
          stage: ariadne
          image: mcr.microsoft.com/dotnet/sdk:10.0
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          script:
            - eval "$ARIADNE_INSTALL"
            - ariadne pull
            - ariadne repro
            - |
              baseline="$ARIADNE_BASELINE"
              if [ -n "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" ]; then
                git fetch --quiet origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
                baseline="origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
              fi
              status=0
              ariadne check --baseline "$baseline" $ARIADNE_CHECK_ARGS --report {{ReportFile}} --json > ariadne-check.json || status=$?
              cat {{ReportFile}}
              if [ -n "$CI_MERGE_REQUEST_IID" ] && [ -n "$ARIADNE_GITLAB_TOKEN" ]; then
                curl --silent --show-error --fail --request POST --header "PRIVATE-TOKEN: $ARIADNE_GITLAB_TOKEN" \
                  --data-urlencode "body@{{ReportFile}}" \
                  "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" > /dev/null
              fi
              exit $status
          artifacts:
            when: always
            paths: [{{ReportFile}}, ariadne-check.json]

        """;

    /// <summary>A YAML scalar in single quotes: nothing in it is special to YAML.</summary>
    private static string Yaml(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
