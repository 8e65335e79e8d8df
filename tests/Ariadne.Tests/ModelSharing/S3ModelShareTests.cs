using Ariadne.Tests.S3;

namespace Ariadne.Tests.ModelSharing;

/// <summary>Model sharing through an S3-compatible remote (s3rver).</summary>
[Collection(S3ServerCollection.Name)]
[Trait("Service", "S3")]
public sealed class S3ModelShareTests(S3ServerFixture server) : ModelShareContract
{
    private const string Credentials = ".ariadne/config.local.yaml";

    protected override void AddRemote()
    {
        var prefix = "models-" + Guid.NewGuid().ToString("N")[..8];
        Ws.CliOk("remote", "add", "s3", $"s3://{S3ServerFixture.SharedBucket}/{prefix}", "--default", "--endpoint", server.Endpoint.ToString(), "--region", "us-east-1");
        File.WriteAllText(Ws.Path(Credentials), $"remotes:\n  s3:\n    access_key_id: {S3ServerFixture.AccessKey}\n    secret_access_key: {S3ServerFixture.SecretKey}\n");
        Ws.Commit("remote");
    }

    protected override void PrepareClone(string cloneRoot) => File.Copy(Ws.Path(Credentials), Path.Combine(cloneRoot, Credentials));
}
