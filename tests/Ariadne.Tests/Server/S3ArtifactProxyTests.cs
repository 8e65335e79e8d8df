using Ariadne.Remotes;
using Ariadne.S3;
using Ariadne.Tests.S3;

namespace Ariadne.Tests.Server;

/// <summary>The artifact proxy over an S3 artifact store (s3rver).</summary>
[Trait("Service", "S3")]
[Collection(S3ServerCollection.Name)]
public sealed class S3ArtifactProxyTests(S3ServerFixture s3) : ArtifactProxyContract
{
    protected override Task<IObjectStore> CreateArtifactStoreAsync()
    {
        S3Remote.Register();
        return Task.FromResult(ObjectStoreRegistry.Open(s3.Settings(s3.FreshUrl())));
    }
}
