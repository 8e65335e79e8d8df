namespace Ariadne;

/// <summary>
/// The one exception Ariadne throws for anything a user can act on. The message says what was wrong and what to do;
/// the code says what kind of problem it is. Create them through the named factories so wording stays consistent.
/// </summary>
public sealed class AriadneException : Exception
{
    /// <summary>Creates an exception with a code and a message that says what was wrong and what to do; prefer the named factories.</summary>
    public AriadneException(ErrorCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    /// <summary>What kind of problem this is; the server maps it to an HTTP status and the CLI to an exit code.</summary>
    public ErrorCode Code { get; }

    /// <summary>
    /// What to run with the <c>ariadne</c> command to look further (e.g. "List runs with 'ariadne runs list'."). The CLI
    /// prints it after the message; the server leaves it out of HTTP error bodies, whose clients may not have the CLI.
    /// </summary>
    public string? CliAdvice { get; init; }

    internal static AriadneException NotAWorkspace(string folder) =>
        new(ErrorCode.NotAWorkspace, $"'{folder}' is not inside an Ariadne workspace (no .ariadne folder found here or above). Run 'ariadne init' first.");

    internal static AriadneException WorkspaceLocked(string lockFile, string holder) =>
        new(ErrorCode.WorkspaceLocked, $"Another ariadne command is working in this workspace ({holder}). Wait for it to finish and run the command again; if no ariadne process is running, the lock in '{lockFile}' is stale and the next command takes it over.");

    internal static AriadneException PathNotFound(string path) =>
        new(ErrorCode.PathNotFound, $"'{path}' does not exist. Check the path (it is taken relative to the current folder).");

    internal static AriadneException PathOutsideWorkspace(string path, string root) =>
        new(ErrorCode.PathOutsideWorkspace, $"'{path}' is outside the workspace '{root}'. Ariadne only tracks paths inside the workspace; move the data in or run 'ariadne init' higher up.");

    internal static AriadneException MalformedPointer(string pointerFile, string problem) =>
        new(ErrorCode.MalformedPointer, $"Pointer file '{pointerFile}' is malformed: {problem}. Restore it from git ('git checkout -- {pointerFile}') or re-create it with 'ariadne add'.");

    internal static AriadneException MalformedManifest(string hash, string problem) =>
        new(ErrorCode.MalformedManifest, $"Folder manifest {hash} is malformed: {problem}. Remove it from the cache and fetch it again with 'ariadne fetch'.");

    internal static AriadneException MalformedConfig(string file, string problem) =>
        new(ErrorCode.MalformedConfig, $"Config file '{file}' is malformed: {problem}. Fix the file by hand or remove the offending entry.");

    /// <summary>An object the workspace needs is in neither the cache nor <paramref name="where"/>.</summary>
    public static AriadneException ObjectNotFound(string hash, string where) =>
        new(ErrorCode.ObjectNotFound, $"Object {hash} is not in {where}. Run 'ariadne fetch' (or 'ariadne push' from the machine that has it).");

    /// <summary>An object whose bytes hash to <paramref name="actual"/> instead of its name <paramref name="hash"/>; it was not stored.</summary>
    public static AriadneException ObjectCorrupt(string hash, string actual, string where) =>
        new(ErrorCode.ObjectCorrupt, $"Object {hash} from {where} is corrupt: its content hashes to {actual}. It was not stored; check the remote with 'ariadne verify --remote' and push a good copy.");

    /// <summary>A cache object whose bytes no longer match its name (changed through a hard link, or damaged on disk).</summary>
    internal static AriadneException CacheObjectCorrupt(string hash, string actual) =>
        new(ErrorCode.ObjectCorrupt, $"Cache object {hash} is corrupt: its content hashes to {actual}, so it was not used. A file hard-linked to it was probably edited in place. Run 'ariadne verify' to see which paths use it and which remote holds a good copy, and 'ariadne verify --repair' to fetch that copy.");

    internal static AriadneException WouldOverwrite(IReadOnlyCollection<string> paths) =>
        new(ErrorCode.WouldOverwrite, $"Checkout would overwrite {paths.Count} file(s) whose content is not in the cache: {string.Join(", ", paths.Take(5))}{(paths.Count > 5 ? ", ..." : "")}. Run 'ariadne add' on them to keep them, or use --force to discard them.");

    internal static AriadneException RemoteNotFound(string name, IEnumerable<string> known)
    {
        var list = string.Join(", ", known);
        return new(ErrorCode.RemoteNotFound, list.Length == 0
            ? $"No remote named '{name}', and no remotes are configured. Add one with 'ariadne remote add <name> <url> --default'."
            : $"No remote named '{name}'. Configured remotes: {list}.");
    }

    internal static AriadneException NoDefaultRemote() =>
        new(ErrorCode.RemoteNotFound, "No remote given and no default remote configured. Pass --remote NAME, or set one with 'ariadne remote add <name> <url> --default'.");

    internal static AriadneException UnknownScheme(string url, IEnumerable<string> known) =>
        new(ErrorCode.UnknownScheme, $"Remote URL '{url}' has a scheme Ariadne does not know. Known schemes: {string.Join(", ", known)} (or a plain folder path).");

    internal static AriadneException UnknownStoreScheme(string uri, IEnumerable<string> known) =>
        new(ErrorCode.UnknownScheme, $"Tracking URI '{uri}' has a scheme Ariadne does not know. Known schemes: {string.Join(", ", known)} (or a path ending in .db). A plugin such as Ariadne.Postgres registers its scheme when loaded.");

    /// <summary>A remote that could not be reached or refused the request (network, endpoint, credentials).</summary>
    public static AriadneException RemoteUnavailable(string remote, string problem, Exception? inner = null) =>
        new(ErrorCode.RemoteUnavailable, $"Remote '{remote}' could not be reached: {problem}. Check the URL, endpoint and credentials ('ariadne remote list').", inner);

    /// <summary>Bad input from the caller; <paramref name="message"/> says what was wrong and what to do instead.</summary>
    public static AriadneException InvalidArgument(string message) => new(ErrorCode.InvalidArgument, message);

    internal static AriadneException ProgramNotStarted(string program, string reason, Exception? inner = null) =>
        new(ErrorCode.InvalidArgument, $"Could not start '{program}': {reason}. Check the program's name, install it, or add its folder to PATH.", inner);

    internal static AriadneException GitFailed(string command, string stderr) =>
        new(ErrorCode.GitFailed, $"'git {command}' failed: {stderr.Trim()}. Ariadne needs git for this command; check that the revision exists and the folder is a git repository.");

    /// <summary>No experiment with this id or name (or it is deleted, where a store looks up active ones only).</summary>
    public static AriadneException ExperimentNotFound(string idOrName) =>
        new(ErrorCode.ResourceNotFound, $"No experiment '{idOrName}'.") { CliAdvice = "List experiments with 'ariadne experiments list'." };

    /// <summary>An experiment with this name already exists, possibly deleted.</summary>
    public static AriadneException ExperimentExists(string name) =>
        new(ErrorCode.ResourceAlreadyExists, $"An experiment named '{name}' already exists (it may be deleted; restoring brings it back). Choose another name.")
        {
            CliAdvice = "'ariadne experiments list --all' shows it, 'ariadne experiments restore' brings it back.",
        };

    /// <summary>No run with this id.</summary>
    public static AriadneException RunNotFound(string runId) =>
        new(ErrorCode.ResourceNotFound, $"No run with id '{runId}'.") { CliAdvice = "List runs with 'ariadne runs list'." };

    /// <summary>A run with this id already exists (a store that accepts caller-chosen ids refuses the second).</summary>
    public static AriadneException RunExists(string runId) =>
        new(ErrorCode.ResourceAlreadyExists, $"A run with id '{runId}' already exists. Leave the run id out to get a new one.");

    /// <summary>A write to a deleted run: every store refuses it with this message.</summary>
    public static AriadneException RunDeleted(string runId) =>
        new(ErrorCode.InvalidArgument, $"Run {runId} is deleted, so it cannot change. Restore it first with 'ariadne runs restore {runId}'.");

    /// <summary>A new run in a deleted experiment: every store refuses it with this message.</summary>
    public static AriadneException ExperimentDeleted(string experimentIdOrName) =>
        new(ErrorCode.InvalidArgument, $"Experiment {experimentIdOrName} is deleted, so no runs can start in it. Restore it with 'ariadne experiments restore' or use another experiment.");

    /// <summary>A tag to delete that the run does not have.</summary>
    public static AriadneException TagNotFound(string runId, string key) =>
        new(ErrorCode.ResourceNotFound, $"Run {runId} has no tag '{key}'.") { CliAdvice = $"'ariadne runs show {runId}' lists its tags." };

    /// <summary>A dataset version registered again with different content; versions are immutable.</summary>
    public static AriadneException DatasetVersionConflict(string name, string version, string existingHash, string newHash) =>
        new(ErrorCode.ResourceAlreadyExists, $"Dataset version {name}@{version} is already registered with hash {existingHash}, not {newHash}. Versions are immutable; register the new content under another version.");

    /// <summary>A param logged again with another value; params are immutable.</summary>
    public static AriadneException ParamChanged(string runId, string key, string oldValue, string newValue) =>
        new(ErrorCode.InvalidArgument, $"Param '{key}' of run {runId} is already '{oldValue}'; params are immutable, so it cannot become '{newValue}'. Start a new run for another value.");

    /// <summary>A batch that gives one param two different values (InvalidArgument): params are immutable, so a batch logs one.</summary>
    internal static AriadneException ParamTwiceInBatch(string key, string first, string second) =>
        new(ErrorCode.InvalidArgument, $"Param '{key}' appears twice in one batch, as '{first}' and '{second}'. Params are immutable; log one value.");

    internal static AriadneException InvalidFilter(string filter, int position, string problem)
    {
        // A long filter is quoted around the position only, so the message stays readable and small.
        const int Context = 60;
        var start = filter.Length <= 2 * Context ? 0 : Math.Clamp(position - Context, 0, filter.Length);
        var end = filter.Length <= 2 * Context ? filter.Length : Math.Min(filter.Length, position + Context);
        var excerpt = (start > 0 ? "..." : "") + filter[start..end] + (end < filter.Length ? "..." : "");
        var caret = Math.Max(0, position - start + (start > 0 ? 3 : 0));
        return new(ErrorCode.InvalidFilter, $"Invalid filter at position {position}: {problem}.\n  {excerpt}\n  {new string(' ', caret)}^\nExample: metrics.acc > 0.9 and params.lr = '0.01'");
    }

    /// <summary>A store failure the caller cannot fix by changing the request (database error, disk full); <paramref name="store"/> names the store without secrets.</summary>
    public static AriadneException StoreFailure(string store, string problem, Exception? inner = null) =>
        new(ErrorCode.StoreFailure, $"The tracking store {store} failed: {problem}.", inner);

    internal static AriadneException PipelineNotFound(string path) =>
        new(ErrorCode.InvalidPipeline, $"There is no pipeline file '{path}'. Write one (see docs/pipelines.md), e.g.\nstages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    outs: [model]");

    internal static AriadneException InvalidPipeline(IReadOnlyList<Pipelines.PipelineProblem> problems) =>
        new(ErrorCode.InvalidPipeline, problems.Count == 1
            ? $"{problems[0]}"
            : $"The pipeline has {problems.Count} problems; nothing was run:\n" + string.Join("\n", problems.Select(p => "  " + p)));

    internal static AriadneException StageNotFound(string name, IEnumerable<string> known) =>
        new(ErrorCode.InvalidArgument, $"No stage named '{name}' in the pipeline. {Pipelines.Suggestions.DidYouMean(name, known, "Stages: " + string.Join(", ", known))}");
    internal static AriadneException EmptyTable(string file) =>
        new(ErrorCode.InvalidData, $"'{file}' is empty: there is no header and no rows. Check that the file was written completely.");

    /// <summary>A problem at one place in a data file; <paramref name="where"/> says the line or row (and column).</summary>
    internal static AriadneException BadData(string file, string where, string problem) =>
        new(ErrorCode.InvalidData, $"'{file}', {where}: {problem}");

    internal static AriadneException NotUtf8(string file, string where) =>
        new(ErrorCode.InvalidData, $"'{file}', {where}: the bytes are not valid UTF-8. Convert the file first, e.g. 'iconv -f latin1 -t utf-8 {Path.GetFileName(file)} > fixed.csv'.");

    internal static AriadneException ColumnNotFound(string file, string column, IEnumerable<string> columns) =>
        new(ErrorCode.InvalidData, $"'{file}' has no column '{column}'. Its columns: {string.Join(", ", columns)}.");

    internal static AriadneException MalformedSchema(string file, string problem) =>
        new(ErrorCode.MalformedConfig, $"Schema file '{file}' is malformed: {problem}. Fix it by hand or infer a new one with 'ariadne data schema infer'.");

    /// <summary>A sealed split read beyond its budget without an override reason.</summary>
    public static AriadneException HoldoutBudgetExceeded(string split, int used, int budget) =>
        new(ErrorCode.HoldoutBudgetExceeded, $"The sealed split '{split}' has used its budget of {budget} access(es) ({used} so far). Every further look at it makes the estimate less honest. To read it anyway, give an override with a written reason (--override-reason \"...\" on the command line, overrideReason: \"...\" in SealedTestSet.ReadAsync); the reason is recorded.");

    internal static AriadneException SealedReadRefused(string part, string why) =>
        new(ErrorCode.HoldoutBudgetExceeded, $"Refused to read the sealed part '{part}': {why}. Experiments and sweep trials select models on validation data and leave stages that read a sealed test set out. Mark the stage 'reads_sealed: true' in ariadne.yaml so trials leave it out, or, to read it on purpose, pass --read-sealed \"<reason>\" to 'ariadne exp run' or 'ariadne sweep' (the reason is recorded on the run, and every read still spends the budget).");

    // ---------------------------------------------------------------- model registry

    /// <summary>No registered model with this name.</summary>
    public static AriadneException ModelNotFound(string name) =>
        new(ErrorCode.ResourceNotFound, $"No registered model named '{name}'.") { CliAdvice = "List models with 'ariadne models list'." };

    /// <summary>The model has no version with this number.</summary>
    public static AriadneException ModelVersionNotFound(string name, int version) =>
        new(ErrorCode.ResourceNotFound, $"Registered model '{name}' has no version {version}.") { CliAdvice = $"List its versions with 'ariadne models versions {name}'." };

    /// <summary>A registered model with this name already exists.</summary>
    public static AriadneException ModelExists(string name) =>
        new(ErrorCode.ResourceAlreadyExists, $"A registered model named '{name}' already exists. Register a new version of it, or choose another name.");

    /// <summary>The model has no alias with this name.</summary>
    public static AriadneException ModelAliasNotFound(string name, string alias) =>
        new(ErrorCode.ResourceNotFound, $"Registered model '{name}' has no alias '{alias}'.") { CliAdvice = $"'ariadne models show {name}' lists its aliases." };

    /// <summary>A model or version tag to delete that is not there.</summary>
    public static AriadneException ModelTagNotFound(string what, string key) =>
        new(ErrorCode.ResourceNotFound, $"{what} has no tag '{key}'.");

    /// <summary>A model named by <c>models:/NAME/latest</c> that has no versions yet.</summary>
    public static AriadneException ModelHasNoVersions(string name) =>
        new(ErrorCode.ResourceNotFound, $"Registered model '{name}' has no versions yet. Register one with 'ariadne models register {name} PATH'.");

    /// <summary>A model version registered from a run that is deleted.</summary>
    public static AriadneException ModelSourceRunDeleted(string runId) =>
        new(ErrorCode.InvalidArgument, $"Run {runId} is deleted, so no model version can be registered from it. Restore it first with 'ariadne runs restore {runId}', or register from another run.");

    /// <summary>Recorded inputs whose bytes are in neither the cache nor any remote (each listed), so a run cannot be reproduced.</summary>
    internal static AriadneException InputsMissing(IReadOnlyList<string> inputs, string remotesTried) =>
        new(ErrorCode.ObjectNotFound, $"{inputs.Count} recorded input(s) are in neither the workspace's cache nor any remote ({remotesTried}):\n"
            + string.Join("\n", inputs.Select(i => "  " + i)) + "\nNothing was changed.")
        {
            CliAdvice = "Push them from a machine that has them ('ariadne push'), or add the remote that holds them ('ariadne remote add').",
        };

    /// <summary>A run made at a commit this repository does not have: its recorded diff alone cannot rebuild the code.</summary>
    internal static AriadneException CommitMissing(string runId, string commit, string repository) =>
        new(ErrorCode.ResourceNotFound, $"Run {runId} was made at commit {commit}, which the repository at '{repository}' does not have. The recorded uncommitted diff alone is not enough: it only applies on top of that commit. Nothing was changed.")
        {
            CliAdvice = "Fetch the commit ('git fetch --all', or from the remote it was pushed to) and run 'ariadne reproduce' again.",
        };

    /// <summary>The folder a reproduction would use holds work of its own.</summary>
    internal static AriadneException ReproductionFolderInUse(string folder, IReadOnlyList<string> changes) =>
        new(ErrorCode.WouldOverwrite, changes.Count > 0
            ? $"'{folder}' is a git worktree with uncommitted changes ({string.Join(", ", changes.Take(5))}{(changes.Count > 5 ? $", and {changes.Count - 5} more" : "")}); a reproduction there would overwrite them. Nothing was changed."
            : $"'{folder}' is not empty; a reproduction needs an empty or new folder. Nothing was changed.")
        {
            CliAdvice = "Commit or discard those changes, or give another folder with --in (the default is a new folder under .ariadne/reproduce/).",
        };
}
