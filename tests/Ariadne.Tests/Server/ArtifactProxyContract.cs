using System.Text;
using Ariadne.Remotes;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// MLflow's artifact proxy over an artifact store (folder, S3): upload, list, download, and MLflow's published path
/// traversal attacks (CVE-2023-1177, CVE-2023-6909, CVE-2024-1560 and kin), each refused with nothing written.
/// </summary>
public abstract partial class ArtifactProxyContract : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new();

    protected ServerUnderTest Api { get; private set; } = null!;

    protected string ExperimentId { get; private set; } = "";

    protected string RunId { get; private set; } = "";

    protected string Prefix => $"/api/2.0/mlflow-artifacts/artifacts/{ExperimentId}/{RunId}/artifacts";

    protected abstract Task<IObjectStore> CreateArtifactStoreAsync();

    public async Task InitializeAsync()
    {
        var store = TrackingStoreRegistry.Open("sqlite:///" + Folder.Combine("tracking.db").TrimStart('/'));
        Api = await ServerUnderTest.StartAsync(store, await CreateArtifactStoreAsync(), tempFolder: Folder.Combine("server-tmp"), maxArtifactBytes: 1 << 20);
        ExperimentId = (await Api.PostAsync("experiments/create", """{"name": "artifacts"}""")).EnsureOk()["experiment_id"].GetString()!;
        RunId = (await Api.PostAsync("runs/create", $$"""{"experiment_id": "{{ExperimentId}}"}""")).EnsureOk()["run"].GetProperty("info").GetProperty("run_id").GetString()!;
    }

    public virtual async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Api.Store.DisposeAsync();
        Folder.Dispose();
    }

    [Fact]
    public async Task Uploaded_artifacts_are_listed_and_downloaded_byte_for_byte()
    {
        var weights = new byte[300_000];
        new Random(7).NextBytes(weights);

        using (var put = await Api.Http.PutAsync(Prefix + "/model/weights.bin", new ByteArrayContent(weights)))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        using (var put = await Api.Http.PutAsync(Prefix + "/report%20final.txt", new StringContent("accuracy 0.93")))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        var downloaded = await Api.Http.GetByteArrayAsync(Prefix + "/model/weights.bin");
        var root = (await Api.GetAsync("artifacts/list", "run_id=" + RunId)).EnsureOk();
        var model = (await Api.GetAsync("artifacts/list", $"run_id={RunId}&path=model")).EnsureOk();
        var proxied = (await Api.SendAsync(HttpMethod.Get, $"api/2.0/mlflow-artifacts/artifacts?path={ExperimentId}/{RunId}/artifacts/model", null)).EnsureOk();

        Assert.Equal(weights, downloaded);
        Assert.Equal("accuracy 0.93", await Api.Http.GetStringAsync(Prefix + "/report%20final.txt"));
        Assert.Equal($"mlflow-artifacts:/{ExperimentId}/{RunId}/artifacts", root["root_uri"].GetString());
        Assert.Equal(["model", "report final.txt"], root["files"].EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.True(root["files"][0].GetProperty("is_dir").GetBoolean());
        var file = Assert.Single(model["files"].EnumerateArray());
        Assert.Equal("model/weights.bin", file.GetProperty("path").GetString());
        Assert.Equal(300_000, file.GetProperty("file_size").GetInt64());
        Assert.Equal("weights.bin", proxied["files"][0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("/a/../../../outside.txt")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/outside.txt")]
    [InlineData("/%2e%2e%2f%2e%2e%2f%2e%2e%2foutside.txt")]
    [InlineData("/%252e%252e%252f%252e%252e%252foutside.txt")]
    [InlineData("/..%5c..%5c..%5coutside.txt")]
    [InlineData("/sub\\..\\..\\outside.txt")]
    [InlineData("//etc/passwd")]
    [InlineData("/%2fetc%2fpasswd")]
    [InlineData("/C:%5cWindows%5cwin.ini")]
    [InlineData("/./model.bin")]
    [InlineData("/a%00b.txt")]
    [InlineData("/C:/x")]
    [InlineData("/c:%2fWindows%2fwin.ini")]
    [InlineData("/%252525252e%252525252e/outside.txt")]
    [InlineData("/report%E2%80%AEtxt.exe")]
    [InlineData("/a%E2%80%8Bb.txt")]
    [InlineData("/a%1Bb.txt")]
    public async Task Path_traversal_in_uploads_and_downloads_is_refused_and_nothing_is_written(string attack)
    {
        var before = Files();

        var upload = await RawHttp.SendAsync(Api.Address, "PUT", Prefix + attack, Encoding.UTF8.GetBytes("owned"));
        var download = await RawHttp.SendAsync(Api.Address, "GET", Prefix + attack);
        var list = await RawHttp.SendAsync(Api.Address, "GET", $"/api/2.0/mlflow/artifacts/list?run_id={RunId}&path={attack[1..]}");

        Assert.True(upload.Status is 400 or 404, $"upload {attack}: {upload.Status} {upload.Body}");
        Assert.True(download.Status is 400 or 404, $"download {attack}: {download.Status} {download.Body}");
        Assert.True(list.Status is 400 or 404, $"list {attack}: {list.Status} {list.Body}");
        // Kestrel itself refuses some targets (a NUL byte) with an empty 400 before any endpoint runs; all others get an MLflow error body.
        Assert.True(upload.Body.Length == 0 || upload.Body.Contains("error_code", StringComparison.Ordinal), upload.Body);
        Assert.DoesNotContain("root:", download.Body, StringComparison.Ordinal);
        Assert.Empty(await Api.Store.ListArtifactsAsync(RunId, default));
        Assert.Equal(before, Files());
    }

    [Fact]
    public async Task Artifacts_of_unknown_runs_or_the_wrong_experiment_are_not_found()
    {
        using (var put = await Api.Http.PutAsync(Prefix + "/a.txt", new StringContent("a")))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        var wrongExperiment = await RawHttp.SendAsync(Api.Address, "GET", $"/api/2.0/mlflow-artifacts/artifacts/999/{RunId}/artifacts/a.txt");
        var unknownRun = await RawHttp.SendAsync(Api.Address, "PUT", $"/api/2.0/mlflow-artifacts/artifacts/{ExperimentId}/ffffffffffffffffffffffffffffffff/artifacts/a.txt", [1]);
        var missingFile = await RawHttp.SendAsync(Api.Address, "GET", Prefix + "/b.txt");
        var notUnderArtifacts = await RawHttp.SendAsync(Api.Address, "GET", $"/api/2.0/mlflow-artifacts/artifacts/{ExperimentId}/{RunId}/a.txt");

        Assert.Equal(404, wrongExperiment.Status);
        Assert.Equal(404, unknownRun.Status);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", missingFile.Body, StringComparison.Ordinal);
        Assert.Equal(400, notUnderArtifacts.Status);
    }

    [Fact]
    public async Task Oversized_uploads_are_413_and_nothing_is_recorded()
    {
        using var put = await Api.Http.PutAsync(Prefix + "/big.bin", new ByteArrayContent(new byte[(1 << 20) + 1]));

        Assert.Equal(413, (int)put.StatusCode);
        Assert.Empty(await Api.Store.ListArtifactsAsync(RunId, default));
    }

    /// <summary>Every file under the test's temp folder except the database, to prove an attack wrote nothing anywhere.</summary>
    private string[] Files() =>
        [.. Directory.EnumerateFiles(Folder.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("tracking.db", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
