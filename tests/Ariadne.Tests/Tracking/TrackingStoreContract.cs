using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

/// <summary>
/// What every tracking store must do, whatever holds the data (like DVC's remote_tests.py). Each backend subclasses
/// this and says how to open a fresh, empty store (only the built-in "Default" experiment, id "0", in it); the same
/// tests then run against SQLite, PostgreSQL and the HTTP client. The search grammar is tested in depth by the search
/// helper's own tests; here a few cases check that a store wires it up.
/// </summary>
public abstract partial class TrackingStoreContract : IAsyncLifetime
{
    protected const long T0 = 1_700_000_000_000;

    private ITrackingStore? store;

    /// <summary>The store under test, created before each test by <see cref="CreateStoreAsync"/>.</summary>
    protected ITrackingStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A new, empty store. Called once per test.</summary>
    protected abstract Task<ITrackingStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
            store = null;
        }
    }

    protected Task<string> NewExperimentAsync(string? name = null, IReadOnlyDictionary<string, string>? tags = null) =>
        Store.CreateExperimentAsync(name ?? "exp-" + Guid.NewGuid().ToString("N")[..8], tags, None);

    protected async Task<RunInfo> NewRunAsync(string? experimentId = null, string name = "run", long startTime = T0, string? parentRunId = null, IReadOnlyList<RunTag>? tags = null) =>
        await Store.CreateRunAsync(new NewRun(experimentId ?? await NewExperimentAsync(), name, startTime, "alice", parentRunId, tags), None);

    protected static string MissingRunId => "0123456789abcdef0123456789abcdef";

    /// <summary>Where a store says a run's artifacts live: Ariadne's own scheme, or a server's artifact proxy.</summary>
    protected virtual string ExpectedArtifactUri(RunInfo info) => $"ariadne-artifacts:/{info.RunId}";

    // ---------------------------------------------------------------- experiments

    [Fact]
    public async Task New_store_has_the_Default_experiment_with_id_0()
    {
        var experiment = await Store.GetExperimentAsync("0", None);

        Assert.NotNull(experiment);
        Assert.Equal("Default", experiment.Name);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
        Assert.Equal("0", (await Store.GetExperimentByNameAsync("Default", None))?.ExperimentId);
    }

    [Fact]
    public async Task A_healthy_store_takes_the_health_check_write_again_and_again_without_changing_what_users_see()
    {
        var before = await Store.ListExperimentsAsync(ViewType.All, None);

        await Store.CheckWritableAsync(None);
        await Store.CheckWritableAsync(None);

        var after = await Store.ListExperimentsAsync(ViewType.All, None);
        Assert.Equal(before.Select(e => (e.ExperimentId, e.Name, e.LastUpdateTime)), after.Select(e => (e.ExperimentId, e.Name, e.LastUpdateTime)));
    }

    [Fact]
    public async Task Created_experiment_can_be_read_by_id_and_by_name_with_its_tags()
    {
        var id = await Store.CreateExperimentAsync("mnist", new Dictionary<string, string> { ["team"] = "vision", ["note"] = "first" }, None);

        var byId = await Store.GetExperimentAsync(id, None);
        var byName = await Store.GetExperimentByNameAsync("mnist", None);

        Assert.NotNull(byId);
        Assert.Equal(id, byId.ExperimentId);
        Assert.Equal("mnist", byId.Name);
        Assert.Equal(LifecycleStage.Active, byId.LifecycleStage);
        Assert.False(string.IsNullOrEmpty(byId.ArtifactLocation));
        Assert.True(byId.CreationTime > 0);
        Assert.True(byId.LastUpdateTime >= byId.CreationTime);
        Assert.Equal("vision", byId.Tags["team"]);
        Assert.Equal("first", byId.Tags["note"]);
        Assert.Equal(byId.ExperimentId, byName?.ExperimentId);
        Assert.NotEqual("0", id);
    }

    [Fact]
    public async Task Experiment_ids_are_distinct()
    {
        var a = await NewExperimentAsync("a");
        var b = await NewExperimentAsync("b");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Unknown_experiment_id_or_name_reads_as_null()
    {
        Assert.Null(await Store.GetExperimentAsync("987654", None));
        Assert.Null(await Store.GetExperimentAsync("not-a-number", None));
        Assert.Null(await Store.GetExperimentByNameAsync("no such experiment", None));
    }

    [Fact]
    public async Task Experiment_names_are_unique()
    {
        await NewExperimentAsync("same");

        var error = await Assert.ThrowsAsync<AriadneException>(() => NewExperimentAsync("same"));

        Assert.Equal(ErrorCode.ResourceAlreadyExists, error.Code);
        Assert.Contains("same", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_experiment_still_holds_its_name()
    {
        var id = await NewExperimentAsync("taken");
        await Store.UpdateExperimentAsync(id, null, LifecycleStage.Deleted, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => NewExperimentAsync("taken"));

        Assert.Equal(ErrorCode.ResourceAlreadyExists, error.Code);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetExperimentByNameAsync("taken", None))?.LifecycleStage);
    }

    [Fact]
    public async Task Empty_experiment_name_is_invalid()
    {
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.CreateExperimentAsync("", null, None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Experiment_can_be_renamed_and_the_old_name_is_free_again()
    {
        var id = await NewExperimentAsync("old");

        await Store.UpdateExperimentAsync(id, "new", null, None);

        Assert.Equal("new", (await Store.GetExperimentAsync(id, None))?.Name);
        Assert.Equal(id, (await Store.GetExperimentByNameAsync("new", None))?.ExperimentId);
        Assert.Null(await Store.GetExperimentByNameAsync("old", None));
        Assert.NotEqual(id, await NewExperimentAsync("old"));
    }

    [Fact]
    public async Task Renaming_to_a_name_in_use_fails_and_changes_nothing()
    {
        var a = await NewExperimentAsync("a");
        await NewExperimentAsync("b");

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.UpdateExperimentAsync(a, "b", null, None));

        Assert.Equal(ErrorCode.ResourceAlreadyExists, error.Code);
        Assert.Equal("a", (await Store.GetExperimentAsync(a, None))?.Name);
    }

    [Fact]
    public async Task Experiment_can_be_deleted_and_restored()
    {
        var id = await NewExperimentAsync("soft");

        await Store.UpdateExperimentAsync(id, null, LifecycleStage.Deleted, None);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetExperimentAsync(id, None))?.LifecycleStage);

        await Store.UpdateExperimentAsync(id, null, LifecycleStage.Active, None);
        Assert.Equal(LifecycleStage.Active, (await Store.GetExperimentAsync(id, None))?.LifecycleStage);
    }

    [Fact]
    public async Task Listing_experiments_honours_the_view_type()
    {
        var live = await NewExperimentAsync("live");
        var gone = await NewExperimentAsync("gone");
        await Store.UpdateExperimentAsync(gone, null, LifecycleStage.Deleted, None);

        var active = (await Store.ListExperimentsAsync(ViewType.ActiveOnly, None)).Select(e => e.ExperimentId).ToHashSet();
        var deleted = (await Store.ListExperimentsAsync(ViewType.DeletedOnly, None)).Select(e => e.ExperimentId).ToHashSet();
        var all = (await Store.ListExperimentsAsync(ViewType.All, None)).Select(e => e.ExperimentId).ToHashSet();

        Assert.Equal(new HashSet<string> { "0", live }, active);
        Assert.Equal(new HashSet<string> { gone }, deleted);
        Assert.Equal(new HashSet<string> { "0", live, gone }, all);
    }

    [Fact]
    public async Task Listed_experiments_carry_their_tags()
    {
        var id = await NewExperimentAsync("tagged", new Dictionary<string, string> { ["k"] = "v" });

        var listed = (await Store.ListExperimentsAsync(ViewType.All, None)).Single(e => e.ExperimentId == id);

        Assert.Equal("v", listed.Tags["k"]);
    }

    [Fact]
    public async Task Experiment_tags_can_be_set_and_overwritten()
    {
        var id = await NewExperimentAsync();

        await Store.SetExperimentTagAsync(id, "stage", "draft", None);
        await Store.SetExperimentTagAsync(id, "stage", "final", None);
        await Store.SetExperimentTagAsync(id, "owner", "bob", None);

        var tags = (await Store.GetExperimentAsync(id, None))!.Tags;
        Assert.Equal(2, tags.Count);
        Assert.Equal("final", tags["stage"]);
        Assert.Equal("bob", tags["owner"]);
    }

    [Fact]
    public async Task Updating_or_tagging_an_unknown_experiment_is_resource_not_found()
    {
        var update = await Assert.ThrowsAsync<AriadneException>(() => Store.UpdateExperimentAsync("987654", "x", null, None));
        var tag = await Assert.ThrowsAsync<AriadneException>(() => Store.SetExperimentTagAsync("987654", "k", "v", None));

        Assert.Equal(ErrorCode.ResourceNotFound, update.Code);
        Assert.Equal(ErrorCode.ResourceNotFound, tag.Code);
        Assert.Contains("987654", update.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- runs

    [Fact]
    public async Task Created_run_is_running_with_a_32_hex_id_and_an_artifact_uri()
    {
        var experimentId = await NewExperimentAsync();

        var info = await Store.CreateRunAsync(new NewRun(experimentId, "first", T0, "alice"), None);

        Assert.Matches("^[0-9a-f]{32}$", info.RunId);
        Assert.Equal(experimentId, info.ExperimentId);
        Assert.Equal("first", info.RunName);
        Assert.Equal(RunStatus.Running, info.Status);
        Assert.Equal(T0, info.StartTime);
        Assert.Null(info.EndTime);
        Assert.Equal(LifecycleStage.Active, info.LifecycleStage);
        Assert.Null(info.ParentRunId);
        Assert.Equal("alice", info.UserId);
        Assert.Equal(ExpectedArtifactUri(info), info.ArtifactUri);
        Assert.Equal(info, (await Store.GetRunAsync(info.RunId, None)).Info);
    }

    [Fact]
    public async Task Run_ids_are_unique()
    {
        var experimentId = await NewExperimentAsync();

        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await NewRunAsync(experimentId)).RunId);
        }

        Assert.Equal(20, ids.Count);
    }

    [Fact]
    public async Task Run_can_be_created_in_the_Default_experiment()
    {
        var info = await NewRunAsync("0");

        Assert.Equal("0", (await Store.GetRunAsync(info.RunId, None)).Info.ExperimentId);
    }

    [Fact]
    public async Task Given_run_id_is_kept()
    {
        var experimentId = await NewExperimentAsync();
        const string id = "aaaabbbbccccddddeeeeffff00001111";

        var info = await Store.CreateRunAsync(new NewRun(experimentId, "r", T0, "u", RunId: id), None);

        Assert.Equal(id, info.RunId);
        Assert.Equal(id, (await Store.GetRunAsync(id, None)).Info.RunId);
    }

    [Fact]
    public async Task Run_tags_given_at_creation_are_stored()
    {
        var info = await NewRunAsync(tags: [new RunTag("ariadne.source", "train.py"), new RunTag("mode", "fast")]);

        var run = await Store.GetRunAsync(info.RunId, None);

        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("train.py", tags["ariadne.source"]);
        Assert.Equal("fast", tags["mode"]);
    }

    [Fact]
    public async Task New_run_has_no_data()
    {
        var info = await NewRunAsync();

        var run = await Store.GetRunAsync(info.RunId, None);

        Assert.Empty(run.LatestMetrics);
        Assert.Empty(run.Params);
        Assert.Empty(run.Inputs);
        Assert.Empty(await Store.ListArtifactsAsync(info.RunId, None));
    }

    [Fact]
    public async Task Creating_a_run_in_an_unknown_experiment_is_resource_not_found()
    {
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.CreateRunAsync(new NewRun("987654", "r", T0, "u"), None));

        Assert.Equal(ErrorCode.ResourceNotFound, error.Code);
    }

    [Fact]
    public async Task Creating_a_run_in_a_deleted_experiment_is_invalid()
    {
        var experimentId = await NewExperimentAsync();
        await Store.UpdateExperimentAsync(experimentId, null, LifecycleStage.Deleted, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => NewRunAsync(experimentId));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Nested_run_keeps_its_parent()
    {
        var experimentId = await NewExperimentAsync();
        var parent = await NewRunAsync(experimentId, "parent");

        var child = await NewRunAsync(experimentId, "child", parentRunId: parent.RunId);

        Assert.Equal(parent.RunId, child.ParentRunId);
        Assert.Equal(parent.RunId, (await Store.GetRunAsync(child.RunId, None)).Info.ParentRunId);
    }

    [Fact]
    public async Task Nested_run_with_an_unknown_parent_is_resource_not_found()
    {
        var experimentId = await NewExperimentAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => NewRunAsync(experimentId, parentRunId: MissingRunId));

        Assert.Equal(ErrorCode.ResourceNotFound, error.Code);
    }

    [Fact]
    public async Task Run_status_end_time_and_name_can_be_updated()
    {
        var info = await NewRunAsync(name: "before");

        var updated = await Store.UpdateRunAsync(info.RunId, RunStatus.Finished, T0 + 5_000, "after", None);

        Assert.Equal(RunStatus.Finished, updated.Status);
        Assert.Equal(T0 + 5_000, updated.EndTime);
        Assert.Equal("after", updated.RunName);
        Assert.Equal(updated, (await Store.GetRunAsync(info.RunId, None)).Info);
    }

    [Fact]
    public async Task Run_update_with_nulls_leaves_fields_as_they_are()
    {
        var info = await NewRunAsync(name: "keep");
        await Store.UpdateRunAsync(info.RunId, RunStatus.Failed, T0 + 1, null, None);

        var updated = await Store.UpdateRunAsync(info.RunId, null, null, null, None);

        Assert.Equal(RunStatus.Failed, updated.Status);
        Assert.Equal(T0 + 1, updated.EndTime);
        Assert.Equal("keep", updated.RunName);
    }

    [Theory]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Scheduled)]
    [InlineData(RunStatus.Finished)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Killed)]
    public async Task Every_run_status_round_trips(RunStatus status)
    {
        var info = await NewRunAsync();

        await Store.UpdateRunAsync(info.RunId, status, null, null, None);

        Assert.Equal(status, (await Store.GetRunAsync(info.RunId, None)).Info.Status);
    }

    [Fact]
    public async Task Run_can_be_deleted_and_restored_and_keeps_its_data()
    {
        var info = await NewRunAsync();
        await Store.LogParamAsync(info.RunId, "lr", "0.1");

        await Store.SetRunLifecycleAsync(info.RunId, LifecycleStage.Deleted, None);
        var deleted = await Store.GetRunAsync(info.RunId, None);
        await Store.SetRunLifecycleAsync(info.RunId, LifecycleStage.Active, None);
        var restored = await Store.GetRunAsync(info.RunId, None);

        Assert.Equal(LifecycleStage.Deleted, deleted.Info.LifecycleStage);
        Assert.Equal(LifecycleStage.Active, restored.Info.LifecycleStage);
        Assert.Equal([new Param("lr", "0.1")], restored.Params);
    }

    [Fact]
    public async Task Logging_to_a_deleted_run_is_invalid_and_writes_nothing()
    {
        var info = await NewRunAsync();
        await Store.SetRunLifecycleAsync(info.RunId, LifecycleStage.Deleted, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() =>
            Store.LogBatchAsync(info.RunId, [new Metric("loss", 1, T0, 0)], [new Param("p", "1")], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Empty(run.LatestMetrics);
        Assert.Empty(run.Params);
    }

    [Fact]
    public async Task Unknown_run_id_is_resource_not_found_everywhere()
    {
        var id = MissingRunId;
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("GetRun", () => Store.GetRunAsync(id, None)),
            ("UpdateRun", () => Store.UpdateRunAsync(id, RunStatus.Finished, T0, null, None)),
            ("SetRunLifecycle", () => Store.SetRunLifecycleAsync(id, LifecycleStage.Deleted, None)),
            ("LogBatch", () => Store.LogBatchAsync(id, [new Metric("m", 1, T0, 0)], [], [], None)),
            ("LogBatch (params only)", () => Store.LogBatchAsync(id, [], [new Param("p", "v")], [], None)),
            ("DeleteTag", () => Store.DeleteTagAsync(id, "k", None)),
            ("LogInputs", () => Store.LogInputsAsync(id, [new RunInput(new string('a', 64), "train")], None)),
            ("LogArtifacts", () => Store.LogArtifactsAsync(id, [new RunArtifact("model.bin", new string('b', 64), 1)], None)),
            ("ListArtifacts", () => Store.ListArtifactsAsync(id, None)),
            ("GetMetricHistory", () => Store.GetMetricHistoryAsync(id, "m", None)),
        };

        foreach (var (name, call) in calls)
        {
            var error = await Assert.ThrowsAsync<AriadneException>(call);
            Assert.True(error.Code == ErrorCode.ResourceNotFound, $"{name}: expected ResourceNotFound, got {error.Code}: {error.Message}");
            Assert.True(error.Message.Contains(id, StringComparison.Ordinal), $"{name}: the message should name the run id: {error.Message}");
        }
    }

    // ---------------------------------------------------------------- params

    [Fact]
    public async Task Params_are_stored_and_read_back()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [], [new Param("lr", "0.01"), new Param("optimizer", "adam"), new Param("empty", "")], [], None);

        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Equal(
            new Dictionary<string, string> { ["lr"] = "0.01", ["optimizer"] = "adam", ["empty"] = "" },
            run.Params.ToDictionary(p => p.Key, p => p.Value));
    }

    [Fact]
    public async Task Logging_a_param_again_with_the_same_value_is_fine()
    {
        var info = await NewRunAsync();

        await Store.LogParamAsync(info.RunId, "seed", "42");
        await Store.LogParamAsync(info.RunId, "seed", "42");
        await Store.LogBatchAsync(info.RunId, [], [new Param("seed", "42"), new Param("seed", "42")], [], None);

        Assert.Equal([new Param("seed", "42")], (await Store.GetRunAsync(info.RunId, None)).Params);
    }

    [Fact]
    public async Task Changing_a_param_is_an_error_naming_the_key_and_both_values()
    {
        var info = await NewRunAsync();
        await Store.LogParamAsync(info.RunId, "seed", "42");

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogParamAsync(info.RunId, "seed", "43"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("seed", error.Message, StringComparison.Ordinal);
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
        Assert.Contains("43", error.Message, StringComparison.Ordinal);
        Assert.Equal([new Param("seed", "42")], (await Store.GetRunAsync(info.RunId, None)).Params);
    }

    [Fact]
    public async Task Batch_with_one_key_twice_with_different_values_is_invalid()
    {
        var info = await NewRunAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() =>
            Store.LogBatchAsync(info.RunId, [], [new Param("a", "1"), new Param("a", "2")], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Empty((await Store.GetRunAsync(info.RunId, None)).Params);
    }

    [Fact]
    public async Task Batch_with_a_conflicting_param_writes_nothing_at_all()
    {
        var info = await NewRunAsync();
        await Store.LogParamAsync(info.RunId, "seed", "42");

        var metrics = Enumerable.Range(0, 500).Select(i => new Metric("loss", 1.0 / (i + 1), T0 + i, i)).ToList();
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchAsync(info.RunId,
            metrics,
            [new Param("new", "x"), new Param("seed", "7")],
            [new RunTag("t", "v")],
            None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Empty(run.LatestMetrics);
        Assert.Empty(await Store.GetMetricHistoryAsync(info.RunId, "loss", None));
        Assert.Equal([new Param("seed", "42")], run.Params);
        Assert.DoesNotContain(run.Tags, t => t.Key == "t");
    }

    [Fact]
    public async Task Params_up_to_6000_characters_are_kept_and_longer_ones_rejected()
    {
        var info = await NewRunAsync();
        var longest = new string('x', 6000);

        await Store.LogParamAsync(info.RunId, "long", longest);
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogParamAsync(info.RunId, "longer", longest + "x"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("longer", error.Message, StringComparison.Ordinal);
        Assert.Equal([new Param("long", longest)], (await Store.GetRunAsync(info.RunId, None)).Params);
    }

    [Fact]
    public async Task Unicode_keys_and_values_round_trip()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [new Metric("val loss ∆", 0.5, T0, 0)], [new Param("模型", "βeta ✓")], [new RunTag("note", "héllo\nworld")], None);

        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Equal("βeta ✓", run.Params.Single(p => p.Key == "模型").Value);
        Assert.Equal("héllo\nworld", run.Tags.Single(t => t.Key == "note").Value);
        Assert.Equal(0.5, run.LatestMetrics.Single(m => m.Key == "val loss ∆").Value);
    }

    // ---------------------------------------------------------------- keys

    public static TheoryData<string> InvalidKeys => new()
    {
        "",
        "../escape",
        "a/../b",
        "/absolute",
        new string('k', 251),
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_metric_param_and_tag_keys_are_rejected_naming_the_key(string key)
    {
        var info = await NewRunAsync();
        var batches = new (string Kind, Func<Task> Call)[]
        {
            ("metric", () => Store.LogBatchAsync(info.RunId, [new Metric(key, 1, T0, 0)], [], [], None)),
            ("param", () => Store.LogBatchAsync(info.RunId, [], [new Param(key, "v")], [], None)),
            ("tag", () => Store.LogBatchAsync(info.RunId, [], [], [new RunTag(key, "v")], None)),
        };

        foreach (var (kind, call) in batches)
        {
            var error = await Assert.ThrowsAsync<AriadneException>(call);
            Assert.True(error.Code == ErrorCode.InvalidArgument, $"{kind}: expected InvalidArgument, got {error.Code}");
            if (key.Length > 0)
            {
                Assert.True(error.Message.Contains(key.Length > 60 ? key[..60] : key, StringComparison.Ordinal), $"{kind}: the message should name the key: {error.Message}");
            }
        }

        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Empty(run.LatestMetrics);
        Assert.Empty(run.Params);
    }

    [Fact]
    public async Task Keys_of_250_characters_with_slashes_dots_and_spaces_are_fine()
    {
        var info = await NewRunAsync();
        var key = "train/loss.v2 " + new string('k', 236);

        await Store.LogBatchAsync(info.RunId, [new Metric(key, 1, T0, 0)], [new Param(key, "v")], [new RunTag(key, "v")], None);

        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Equal(key, run.LatestMetrics.Single().Key);
        Assert.Equal(key, run.Params.Single().Key);
    }

    [Fact]
    public async Task Invalid_run_tag_at_creation_is_rejected()
    {
        var experimentId = await NewExperimentAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => NewRunAsync(experimentId, tags: [new RunTag("/bad", "v")]));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("/bad", error.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- metrics

    [Fact]
    public async Task Metric_history_is_ordered_by_step_then_timestamp()
    {
        var info = await NewRunAsync();
        await Store.LogBatchAsync(info.RunId, [
            new Metric("loss", 3, T0 + 30, 2),
            new Metric("loss", 1, T0 + 10, 0),
            new Metric("loss", 2.5, T0 + 25, 1),
            new Metric("loss", 2, T0 + 20, 1),
            new Metric("acc", 0.1, T0, 0),
        ], [], [], None);

        var history = (await Store.GetMetricHistoryAsync(info.RunId, "loss", None)).ToList();

        Assert.Equal(
            [new Metric("loss", 1, T0 + 10, 0), new Metric("loss", 2, T0 + 20, 1), new Metric("loss", 2.5, T0 + 25, 1), new Metric("loss", 3, T0 + 30, 2)],
            history);
    }

    [Fact]
    public async Task History_of_a_key_never_logged_is_empty()
    {
        var info = await NewRunAsync();

        Assert.Empty(await Store.GetMetricHistoryAsync(info.RunId, "nothing", None));
    }

    [Fact]
    public async Task Latest_metric_is_the_highest_step_not_the_last_logged()
    {
        var info = await NewRunAsync();

        await Store.LogMetricAsync(info.RunId, new Metric("loss", 0.5, T0 + 100, 10));
        await Store.LogMetricAsync(info.RunId, new Metric("loss", 0.9, T0 + 200, 3));

        Assert.Equal(new Metric("loss", 0.5, T0 + 100, 10), (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single());
    }

    [Fact]
    public async Task Latest_metric_breaks_step_ties_by_timestamp_then_value()
    {
        var info = await NewRunAsync();

        await Store.LogMetricAsync(info.RunId, new Metric("a", 1, T0 + 5, 1));
        await Store.LogMetricAsync(info.RunId, new Metric("a", 0, T0 + 9, 1));
        await Store.LogMetricAsync(info.RunId, new Metric("a", 7, T0 + 1, 1));
        await Store.LogMetricAsync(info.RunId, new Metric("b", 1, T0, 1));
        await Store.LogMetricAsync(info.RunId, new Metric("b", 3, T0, 1));
        await Store.LogMetricAsync(info.RunId, new Metric("b", 2, T0, 1));

        var latest = (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.ToDictionary(m => m.Key);
        Assert.Equal(new Metric("a", 0, T0 + 9, 1), latest["a"]);
        Assert.Equal(new Metric("b", 3, T0, 1), latest["b"]);
    }

    [Fact]
    public async Task Latest_metric_within_one_batch_follows_the_same_rule()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [
            new Metric("m", 5, T0 + 3, 7),
            new Metric("m", 9, T0 + 4, 2),
            new Metric("m", 6, T0 + 3, 7),
            new Metric("m", 1, T0 + 1, 7),
        ], [], [], None);

        Assert.Equal(new Metric("m", 6, T0 + 3, 7), (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single());
    }

    [Fact]
    public async Task NaN_and_infinities_round_trip_in_history_and_latest()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [
            new Metric("nan", double.NaN, T0, 0),
            new Metric("pinf", double.PositiveInfinity, T0, 0),
            new Metric("ninf", double.NegativeInfinity, T0, 0),
            new Metric("zero", 0.0, T0, 0),
            new Metric("tiny", double.Epsilon, T0, 0),
            new Metric("max", double.MaxValue, T0, 0),
        ], [], [], None);

        var latest = (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.True(double.IsNaN(latest["nan"]));
        Assert.Equal(double.PositiveInfinity, latest["pinf"]);
        Assert.Equal(double.NegativeInfinity, latest["ninf"]);
        Assert.Equal(0.0, latest["zero"]);
        Assert.Equal(double.Epsilon, latest["tiny"]);
        Assert.Equal(double.MaxValue, latest["max"]);
        Assert.True(double.IsNaN((await Store.GetMetricHistoryAsync(info.RunId, "nan", None)).Single().Value));
        Assert.Equal(double.NegativeInfinity, (await Store.GetMetricHistoryAsync(info.RunId, "ninf", None)).Single().Value);
    }

    [Fact]
    public async Task NaN_metric_is_not_a_zero()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [new Metric("m", 0, T0, 0), new Metric("m", double.NaN, T0, 1)], [], [], None);

        var history = await Store.GetMetricHistoryAsync(info.RunId, "m", None);
        Assert.Equal(0, history[0].Value);
        Assert.True(double.IsNaN(history[1].Value));
        Assert.True(double.IsNaN((await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single().Value));
    }

    [Fact]
    public async Task Large_metric_batches_are_stored_whole()
    {
        var info = await NewRunAsync();
        var points = Enumerable.Range(0, 20_000).Select(i => new Metric(i % 2 == 0 ? "loss" : "acc", i, T0 + i, i / 2)).ToList();

        await Store.LogBatchAsync(info.RunId, points, [], [], None);

        var loss = await Store.GetMetricHistoryAsync(info.RunId, "loss", None);
        Assert.Equal(10_000, loss.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), loss.Select(m => m.Step));
        Assert.Equal(new Metric("acc", 19_999, T0 + 19_999, 9_999), (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single(m => m.Key == "acc"));
    }

    [Fact]
    public async Task Negative_steps_and_large_values_round_trip()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [new Metric("m", -1e300, 0, -5), new Metric("m", 1e-300, long.MaxValue / 2, long.MaxValue / 2)], [], [], None);

        var history = await Store.GetMetricHistoryAsync(info.RunId, "m", None);
        Assert.Equal([new Metric("m", -1e300, 0, -5), new Metric("m", 1e-300, long.MaxValue / 2, long.MaxValue / 2)], history);
    }

    [Fact]
    public async Task Concurrent_batches_from_many_tasks_lose_nothing()
    {
        var experimentId = await NewExperimentAsync();
        var shared = await NewRunAsync(experimentId);
        const int Tasks = 16;
        const int Batches = 20;
        const int Points = 100;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var own = await NewRunAsync(experimentId, $"worker-{t}");
            for (var b = 0; b < Batches; b++)
            {
                var metrics = Enumerable.Range(0, Points).Select(i => new Metric("loss", t + (b * Points) + i, T0 + (b * Points) + i, (b * Points) + i)).ToList();
                await Store.LogBatchAsync(shared.RunId, metrics, [new Param($"p{t}-{b}", "v")], [new RunTag($"t{t}", b.ToString(System.Globalization.CultureInfo.InvariantCulture))], None);
                await Store.LogBatchAsync(own.RunId, metrics, [new Param("worker", t.ToString(System.Globalization.CultureInfo.InvariantCulture))], [], None);
            }
        })));

        var history = await Store.GetMetricHistoryAsync(shared.RunId, "loss", None);
        var run = await Store.GetRunAsync(shared.RunId, None);
        Assert.Equal(Tasks * Batches * Points, history.Count);
        Assert.Equal(Tasks * Batches, run.Params.Count);
        Assert.Equal((Batches - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), run.Tags.Single(t => t.Key == "t0").Value);
        Assert.Equal((Batches * Points) - 1, run.LatestMetrics.Single().Step);

        var page = await Store.SearchRunsAsync(new RunSearch([experimentId], "params.worker = '3'"), None);
        var worker = Assert.Single(page.Runs);
        Assert.Equal(Batches * Points, (await Store.GetMetricHistoryAsync(worker.Info.RunId, "loss", None)).Count);
    }

    [Fact]
    public async Task Batch_sent_three_times_stores_each_point_once()
    {
        var info = await NewRunAsync();
        var batch = new List<Metric> { new("loss", 0.5, T0, 1), new("loss", 0.4, T0 + 1, 2), new("acc", double.NaN, T0, 1) };

        for (var i = 0; i < 3; i++)
        {
            await Store.LogBatchAsync(info.RunId, batch, [], [], None);
        }

        Assert.Equal([new Metric("loss", 0.5, T0, 1), new Metric("loss", 0.4, T0 + 1, 2)], await Store.GetMetricHistoryAsync(info.RunId, "loss", None));
        Assert.True(double.IsNaN(Assert.Single(await Store.GetMetricHistoryAsync(info.RunId, "acc", None)).Value));
        Assert.Equal(new Metric("loss", 0.4, T0 + 1, 2), (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single(m => m.Key == "loss"));
    }

    [Fact]
    public async Task Points_differing_in_value_timestamp_or_step_are_all_kept_and_repeats_within_a_batch_once()
    {
        var info = await NewRunAsync();
        await Store.LogBatchAsync(info.RunId, [new Metric("m", 1, T0, 5), new Metric("m", 1, T0, 5), new Metric("m", double.NaN, T0, 5), new Metric("m", double.NaN, T0, 5)], [], [], None);

        await Store.LogBatchAsync(info.RunId, [
            new Metric("m", 1, T0, 5), // stored already
            new Metric("m", 2, T0, 5), // another value
            new Metric("m", 1, T0 + 1, 5), // another timestamp
            new Metric("m", 1, T0, 4), // another step, below the stored ones
            new Metric("m", 1, T0, 6), // another step, beyond
            new Metric("m", double.NaN, T0, 5), // stored already
            new Metric("m", 2, T0, 5), // repeated within the batch
        ], [], [], None);

        var history = await Store.GetMetricHistoryAsync(info.RunId, "m", None);
        Assert.Equal(
            ["4@0=1", "5@0=1", "5@0=2", "5@0=NaN", "5@1=1", "6@0=1"],
            history.Select(m => FormattableString.Invariant($"{m.Step}@{m.Timestamp - T0}={m.Value}")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Large_batch_sent_again_and_overlapping_batches_store_each_point_once()
    {
        var info = await NewRunAsync();
        var points = Enumerable.Range(0, 6_000).Select(i => new Metric(i % 2 == 0 ? "loss" : "acc", i, T0 + i, i / 2)).ToList();

        await Store.LogBatchAsync(info.RunId, points, [], [], None);
        await Store.LogBatchAsync(info.RunId, points, [], [], None);
        await Store.LogBatchAsync(info.RunId, points[1_000..4_000], [], [], None);
        await Store.LogBatchAsync(info.RunId, points[5_000..].Concat([new Metric("loss", -1, T0, 3_000)]).ToList(), [], [], None);

        var loss = await Store.GetMetricHistoryAsync(info.RunId, "loss", None);
        Assert.Equal(3_001, loss.Count);
        Assert.Equal(new Metric("loss", -1, T0, 3_000), loss[^1]);
        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => (long)i), loss.Take(3_000).Select(m => m.Step));
        Assert.Equal(3_000, (await Store.GetMetricHistoryAsync(info.RunId, "acc", None)).Count);
        var reduced = await Store.GetMetricHistoryDownsampledAsync(info.RunId, "acc", 5_000, None);
        Assert.Equal(3_000, reduced.Count);
    }

    [Fact]
    public async Task Identical_batches_sent_at_once_store_each_point_once()
    {
        var info = await NewRunAsync();
        var batch = Enumerable.Range(0, 50).Select(i => new Metric("loss", i, T0 + i, i)).ToList();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.LogBatchAsync(info.RunId, batch, [], [], None))));

        Assert.Equal(batch, await Store.GetMetricHistoryAsync(info.RunId, "loss", None));
    }

    // ---------------------------------------------------------------- tags

    [Fact]
    public async Task Tags_can_be_set_overwritten_and_deleted()
    {
        var info = await NewRunAsync();

        await Store.SetTagAsync(info.RunId, "stage", "draft");
        await Store.SetTagAsync(info.RunId, "stage", "final");
        await Store.SetTagAsync(info.RunId, "keep", "me");
        await Store.DeleteTagAsync(info.RunId, "keep", None);

        var tags = (await Store.GetRunAsync(info.RunId, None)).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("final", tags["stage"]);
        Assert.False(tags.ContainsKey("keep"));
    }

    [Fact]
    public async Task Last_value_of_a_tag_within_one_batch_wins()
    {
        var info = await NewRunAsync();

        await Store.LogBatchAsync(info.RunId, [], [], [new RunTag("t", "1"), new RunTag("t", "2")], None);

        Assert.Equal("2", (await Store.GetRunAsync(info.RunId, None)).Tags.Single(t => t.Key == "t").Value);
    }

    [Fact]
    public async Task Deleting_a_tag_the_run_does_not_have_is_resource_not_found()
    {
        var info = await NewRunAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.DeleteTagAsync(info.RunId, "never-set", None));

        Assert.Equal(ErrorCode.ResourceNotFound, error.Code);
        Assert.Contains("never-set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_values_up_to_8000_characters_are_kept_and_longer_ones_rejected()
    {
        var info = await NewRunAsync();
        var longest = new string('t', 8000);

        await Store.SetTagAsync(info.RunId, "long", longest);
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.SetTagAsync(info.RunId, "longer", longest + "t"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(longest, (await Store.GetRunAsync(info.RunId, None)).Tags.Single(t => t.Key == "long").Value);
    }

    // ---------------------------------------------------------------- inputs and datasets

    [Fact]
    public async Task Inputs_are_stored_once_per_hash_and_role()
    {
        var info = await NewRunAsync();
        var hash = new string('a', 64);

        await Store.LogInputsAsync(info.RunId, [new RunInput(hash, "train", "data/train.csv.ari"), new RunInput(hash, "validation")], None);
        await Store.LogInputsAsync(info.RunId, [new RunInput(hash, "train", "data/train.csv.ari")], None);

        var inputs = (await Store.GetRunAsync(info.RunId, None)).Inputs.OrderBy(i => i.Role, StringComparer.Ordinal).ToList();
        Assert.Equal(2, inputs.Count);
        Assert.Equal(hash, inputs[0].DatasetHash);
        Assert.Equal("train", inputs[0].Role);
        Assert.Equal("data/train.csv.ari", inputs[0].PointerPath);
        Assert.Equal("validation", inputs[1].Role);
    }

    [Fact]
    public async Task Dataset_versions_can_be_registered_and_listed_newest_first()
    {
        var registry = Store;
        await registry.RegisterDatasetVersionAsync(new DatasetVersion("penguins", "v1", new string('1', 64), 100, 1, "data/penguins.csv.ari", "abc123", T0), None);
        await registry.RegisterDatasetVersionAsync(new DatasetVersion("penguins", "v2", new string('2', 64), 120, 1, "data/penguins.csv.ari", null, T0 + 1_000), None);
        await registry.RegisterDatasetVersionAsync(new DatasetVersion("flights", "v1", new string('3', 64), 5_000, 3, "data/flights.ari", null, T0 + 500), None);

        var penguins = await registry.ListDatasetVersionsAsync("penguins", None);
        var all = await registry.ListDatasetVersionsAsync(null, None);

        Assert.Equal(["v2", "v1"], penguins.Select(v => v.Version));
        Assert.Equal(new DatasetVersion("penguins", "v1", new string('1', 64), 100, 1, "data/penguins.csv.ari", "abc123", T0), penguins[1]);
        Assert.Null(penguins[0].GitCommit);
        Assert.Equal(3, all.Count);
        Assert.Equal(["penguins", "flights", "penguins"], all.Select(v => v.Name));
        Assert.Empty(await registry.ListDatasetVersionsAsync("unknown", None));
    }

    [Fact]
    public async Task Registering_the_same_version_again_is_fine_but_another_hash_is_an_error()
    {
        var registry = Store;
        var v1 = new DatasetVersion("penguins", "v1", new string('1', 64), 100, 1, "p.ari", null, T0);
        await registry.RegisterDatasetVersionAsync(v1, None);
        await registry.RegisterDatasetVersionAsync(v1, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => registry.RegisterDatasetVersionAsync(v1 with { Hash = new string('9', 64) }, None));

        Assert.Equal(ErrorCode.ResourceAlreadyExists, error.Code);
        Assert.Contains("penguins", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('1', 64), (await registry.ListDatasetVersionsAsync("penguins", None)).Single().Hash);
    }

    [Fact]
    public async Task Dataset_uses_list_the_runs_that_read_a_hash_with_their_roles()
    {
        var registry = Store;
        var experimentId = await NewExperimentAsync();
        var a = await NewRunAsync(experimentId, "a");
        var b = await NewRunAsync(experimentId, "b");
        var c = await NewRunAsync(experimentId, "c");
        var hash = new string('d', 64);
        await Store.LogInputsAsync(a.RunId, [new RunInput(hash, "train")], None);
        await Store.LogInputsAsync(b.RunId, [new RunInput(hash, "test"), new RunInput(new string('e', 64), "train")], None);
        await Store.LogInputsAsync(c.RunId, [new RunInput(new string('e', 64), "train")], None);

        var uses = await registry.ListDatasetUsesAsync(hash, None);

        Assert.Equal(
            new HashSet<(string, string)> { (a.RunId, "train"), (b.RunId, "test") },
            uses.Select(u => (u.Run.RunId, u.Role)).ToHashSet());
        Assert.Equal("a", uses.Single(u => u.Run.RunId == a.RunId).Run.RunName);
        Assert.Empty(await registry.ListDatasetUsesAsync(new string('f', 64), None));
    }

    [Fact]
    public async Task Input_of_a_registered_hash_carries_its_dataset_name_and_version()
    {
        var registry = Store;
        var hash = new string('5', 64);
        await registry.RegisterDatasetVersionAsync(new DatasetVersion("penguins", "v3", hash, 1, 1, "p.ari", null, T0), None);
        var info = await NewRunAsync();

        await Store.LogInputsAsync(info.RunId, [new RunInput(hash, "train")], None);

        var input = (await Store.GetRunAsync(info.RunId, None)).Inputs.Single();
        Assert.Equal("penguins", input.DatasetName);
        Assert.Equal("v3", input.DatasetVersion);
    }

    // ---------------------------------------------------------------- artifacts

    [Fact]
    public async Task Artifacts_are_indexed_by_path_and_replaced_when_logged_again()
    {
        var info = await NewRunAsync();

        await Store.LogArtifactsAsync(info.RunId, [new RunArtifact("model/weights.bin", new string('a', 64), 1_000), new RunArtifact("metrics.json", new string('b', 64), 20)], None);
        await Store.LogArtifactsAsync(info.RunId, [new RunArtifact("model/weights.bin", new string('c', 64), 2_000)], None);

        var artifacts = await Store.ListArtifactsAsync(info.RunId, None);
        Assert.Equal(
            [new RunArtifact("metrics.json", new string('b', 64), 20), new RunArtifact("model/weights.bin", new string('c', 64), 2_000)],
            artifacts.OrderBy(a => a.Path, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    public async Task Artifact_paths_must_stay_inside_the_run(string path)
    {
        var info = await NewRunAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogArtifactsAsync(info.RunId, [new RunArtifact(path, new string('a', 64), 1)], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Empty(await Store.ListArtifactsAsync(info.RunId, None));
    }

    // ---------------------------------------------------------------- search

    private async Task<(string ExperimentId, Dictionary<string, string> Ids)> SeedSearchAsync()
    {
        var experimentId = await NewExperimentAsync();
        var ids = new Dictionary<string, string>();
        var seeds = new (string Name, double? Acc, string Opt)[]
        {
            ("r1", 0.91, "adam"),
            ("r2", 0.75, "sgd"),
            ("r3", 0.95, "sgd"),
            ("r4", 0.60, "adam"),
            ("r5", null, "adam"),
        };
        for (var i = 0; i < seeds.Length; i++)
        {
            var (name, acc, opt) = seeds[i];
            var run = await NewRunAsync(experimentId, name, T0 + (i * 1_000));
            ids[name] = run.RunId;
            var metrics = acc is null ? new List<Metric>() : [new Metric("acc", acc.Value, T0, 1)];
            await Store.LogBatchAsync(run.RunId, metrics, [new Param("opt", opt)], [new RunTag("group", i % 2 == 0 ? "even" : "odd")], None);
        }

        return (experimentId, ids);
    }

    [Fact]
    public async Task Search_filters_on_metrics_and_params()
    {
        var (experimentId, ids) = await SeedSearchAsync();

        var page = await Store.SearchRunsAsync(new RunSearch([experimentId], "metrics.acc > 0.7 and params.opt = 'sgd'"), None);

        Assert.Equal(new HashSet<string> { ids["r2"], ids["r3"] }, page.Runs.Select(r => r.Info.RunId).ToHashSet());
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Search_orders_by_a_metric_with_runs_lacking_it_last()
    {
        var (experimentId, ids) = await SeedSearchAsync();

        var desc = await Store.SearchRunsAsync(new RunSearch([experimentId], OrderBy: ["metrics.acc DESC"]), None);
        var asc = await Store.SearchRunsAsync(new RunSearch([experimentId], OrderBy: ["metrics.acc ASC"]), None);

        Assert.Equal([ids["r3"], ids["r1"], ids["r2"], ids["r4"], ids["r5"]], desc.Runs.Select(r => r.Info.RunId));
        Assert.Equal([ids["r4"], ids["r2"], ids["r1"], ids["r3"], ids["r5"]], asc.Runs.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Search_without_order_returns_newest_runs_first()
    {
        var (experimentId, ids) = await SeedSearchAsync();

        var page = await Store.SearchRunsAsync(new RunSearch([experimentId]), None);

        Assert.Equal([ids["r5"], ids["r4"], ids["r3"], ids["r2"], ids["r1"]], page.Runs.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Search_pages_through_all_runs_in_order_without_repeats()
    {
        var (experimentId, _) = await SeedSearchAsync();
        var search = new RunSearch([experimentId], OrderBy: ["metrics.acc DESC"], MaxResults: 2);

        var first = await Store.SearchRunsAsync(search, None);
        var second = await Store.SearchRunsAsync(search with { PageToken = first.NextPageToken }, None);
        var third = await Store.SearchRunsAsync(search with { PageToken = second.NextPageToken }, None);
        var whole = await Store.SearchRunsAsync(search with { MaxResults = 100 }, None);

        Assert.Equal(2, first.Runs.Count);
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(2, second.Runs.Count);
        Assert.NotNull(second.NextPageToken);
        Assert.Single(third.Runs);
        Assert.Null(third.NextPageToken);
        Assert.Equal(whole.Runs.Select(r => r.Info.RunId), first.Runs.Concat(second.Runs).Concat(third.Runs).Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Search_returns_runs_with_their_data()
    {
        var (experimentId, ids) = await SeedSearchAsync();
        await Store.LogInputsAsync(ids["r1"], [new RunInput(new string('a', 64), "train")], None);

        var page = await Store.SearchRunsAsync(new RunSearch([experimentId], "params.opt = 'adam'", ["metrics.acc DESC"]), None);

        var r1 = page.Runs[0];
        Assert.Equal(ids["r1"], r1.Info.RunId);
        Assert.Equal("r1", r1.Info.RunName);
        Assert.Equal(0.91, r1.LatestMetrics.Single().Value);
        Assert.Equal([new Param("opt", "adam")], r1.Params);
        Assert.Equal("even", r1.Tags.Single(t => t.Key == "group").Value);
        Assert.Equal("train", r1.Inputs.Single().Role);
        Assert.Equal([ids["r1"], ids["r4"], ids["r5"]], page.Runs.Select(r => r.Info.RunId));
        Assert.Equal(0.60, page.Runs[1].LatestMetrics.Single().Value);
        Assert.Empty(page.Runs[2].LatestMetrics);
    }

    [Fact]
    public async Task Search_honours_the_view_type()
    {
        var (experimentId, ids) = await SeedSearchAsync();
        await Store.SetRunLifecycleAsync(ids["r2"], LifecycleStage.Deleted, None);

        var active = await Store.SearchRunsAsync(new RunSearch([experimentId]), None);
        var deleted = await Store.SearchRunsAsync(new RunSearch([experimentId], ViewType: ViewType.DeletedOnly), None);
        var all = await Store.SearchRunsAsync(new RunSearch([experimentId], ViewType: ViewType.All), None);

        Assert.Equal(4, active.Runs.Count);
        Assert.DoesNotContain(active.Runs, r => r.Info.RunId == ids["r2"]);
        Assert.Equal([ids["r2"]], deleted.Runs.Select(r => r.Info.RunId));
        Assert.Equal(5, all.Runs.Count);
    }

    [Fact]
    public async Task Search_only_looks_in_the_given_experiments()
    {
        var (experimentId, _) = await SeedSearchAsync();
        var other = await NewExperimentAsync();
        var elsewhere = await NewRunAsync(other);
        await Store.LogParamAsync(elsewhere.RunId, "opt", "adam");

        var one = await Store.SearchRunsAsync(new RunSearch([other], "params.opt = 'adam'"), None);
        var both = await Store.SearchRunsAsync(new RunSearch([experimentId, other], "params.opt = 'adam'"), None);

        Assert.Equal([elsewhere.RunId], one.Runs.Select(r => r.Info.RunId));
        Assert.Equal(4, both.Runs.Count);
    }

    [Fact]
    public async Task Search_filters_on_tags_and_attributes()
    {
        var (experimentId, ids) = await SeedSearchAsync();
        await Store.UpdateRunAsync(ids["r3"], RunStatus.Finished, T0 + 10_000, null, None);

        var odd = await Store.SearchRunsAsync(new RunSearch([experimentId], "tags.group = 'odd'"), None);
        var finished = await Store.SearchRunsAsync(new RunSearch([experimentId], "attributes.status = 'FINISHED'"), None);
        var named = await Store.SearchRunsAsync(new RunSearch([experimentId], "attributes.run_name = 'r4'"), None);

        Assert.Equal(new HashSet<string> { ids["r2"], ids["r4"] }, odd.Runs.Select(r => r.Info.RunId).ToHashSet());
        Assert.Equal([ids["r3"]], finished.Runs.Select(r => r.Info.RunId));
        Assert.Equal([ids["r4"]], named.Runs.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Search_filter_values_are_data_not_sql()
    {
        var (experimentId, _) = await SeedSearchAsync();

        var page = await Store.SearchRunsAsync(new RunSearch([experimentId], "params.opt = 'x'' OR 1=1 --'"), None);

        Assert.Empty(page.Runs);
        Assert.Equal(5, (await Store.SearchRunsAsync(new RunSearch([experimentId]), None)).Runs.Count);
    }

    [Fact]
    public async Task Search_with_a_malformed_filter_fails_naming_the_position()
    {
        var (experimentId, _) = await SeedSearchAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.SearchRunsAsync(new RunSearch([experimentId], "metrics.acc >> 1"), None));

        Assert.Contains(error.Code, new[] { ErrorCode.InvalidFilter, ErrorCode.InvalidArgument });
        Assert.Contains("position", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    // ---------------------------------------------------------------- downsampling

    [Fact]
    public async Task Downsampled_history_keeps_its_shape_within_max_points()
    {
        var info = await NewRunAsync();
        const int N = 10_000;
        var points = Enumerable.Range(0, N).Select(i => new Metric("loss", Math.Sin(i / 300.0), T0 + i, i)).ToList();
        points[4_321] = points[4_321] with { Value = 50 };
        points[7_654] = points[7_654] with { Value = -50 };
        await Store.LogBatchAsync(info.RunId, points, [], [], None);

        var reduced = await Store.GetMetricHistoryDownsampledAsync(info.RunId, "loss", 200, None);

        Assert.InRange(reduced.Count, 50, 200);
        Assert.Equal(reduced.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).Select(m => m.Step), reduced.Select(m => m.Step));
        Assert.Equal(0, reduced[0].Step);
        Assert.Equal(N - 1, reduced[^1].Step);
        Assert.Contains(new Metric("loss", 50, T0 + 4_321, 4_321), reduced);
        Assert.Contains(new Metric("loss", -50, T0 + 7_654, 7_654), reduced);
        Assert.All(reduced, m => Assert.Equal(points[(int)m.Step], m));
    }

    [Fact]
    public async Task Downsampling_a_history_logged_out_of_order_in_many_batches_keeps_its_extremes_and_ends()
    {
        var info = await NewRunAsync();
        var random = new Random(7);
        // 60,000 points over steps -5,000..1,194,995 (every 20th step), some steps twice, sent in shuffled batches.
        var points = Enumerable.Range(0, 60_000)
            .Select(i => new Metric("loss", Math.Cos(i / 900.0) + (random.NextDouble() / 10), T0 + i, (i * 20L) - 5_000))
            .Concat(Enumerable.Range(0, 500).Select(i => new Metric("loss", 0.5, T0 + 100_000 + i, i * 2_000L)))
            .ToList();
        points[12_345] = points[12_345] with { Value = 9 };
        points[54_321] = points[54_321] with { Value = -9 };
        points[33_333] = points[33_333] with { Value = double.NaN };
        var batches = points.Chunk(1_000).OrderBy(_ => random.Next()).ToList();
        foreach (var batch in batches)
        {
            await Store.LogBatchAsync(info.RunId, batch, [], [], None);
        }

        var reduced = await Store.GetMetricHistoryDownsampledAsync(info.RunId, "loss", 400, None);
        var history = (await Store.GetMetricHistoryAsync(info.RunId, "loss", None)).ToList();

        Assert.InRange(reduced.Count, 100, 400);
        Assert.Equal(history[0], reduced[0]);
        Assert.Equal(history[^1], reduced[^1]);
        Assert.Contains(points[12_345], reduced);
        Assert.Contains(points[54_321], reduced);
        var positions = reduced.Select(m => history.IndexOf(m)).ToList();
        Assert.DoesNotContain(-1, positions); // every point returned is a logged point
        Assert.Equal(positions.Order(), positions); // in history order
        Assert.Equal(positions.Count, positions.Distinct().Count());
    }

    [Fact]
    public async Task Downsampling_a_short_history_returns_it_whole()
    {
        var info = await NewRunAsync();
        var points = Enumerable.Range(0, 30).Select(i => new Metric("acc", i * 0.01, T0 + i, i)).ToList();
        await Store.LogBatchAsync(info.RunId, points, [], [], None);

        var reduced = await Store.GetMetricHistoryDownsampledAsync(info.RunId, "acc", 100, None);

        Assert.Equal(points, reduced);
    }

    [Fact]
    public async Task Downsampling_copes_with_NaN_points_and_unknown_runs_are_not_found()
    {
        var info = await NewRunAsync();
        var points = Enumerable.Range(0, 1_000).Select(i => new Metric("m", i == 500 ? double.NaN : i, T0 + i, i)).ToList();
        await Store.LogBatchAsync(info.RunId, points, [], [], None);

        var reduced = await Store.GetMetricHistoryDownsampledAsync(info.RunId, "m", 40, None);
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.GetMetricHistoryDownsampledAsync(MissingRunId, "m", 40, None));

        Assert.InRange(reduced.Count, 1, 40);
        Assert.Contains(reduced, m => m.Value == 999);
        Assert.Contains(reduced, m => m.Value == 0);
        Assert.Equal(ErrorCode.ResourceNotFound, error.Code);
        Assert.Empty(await Store.GetMetricHistoryDownsampledAsync(info.RunId, "other", 40, None));
    }

    [Fact]
    public async Task Downsampling_to_fewer_than_one_point_is_invalid()
    {
        var info = await NewRunAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.GetMetricHistoryDownsampledAsync(info.RunId, "m", 0, None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }
}
