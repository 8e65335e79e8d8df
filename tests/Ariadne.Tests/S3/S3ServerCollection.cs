namespace Ariadne.Tests.S3;

/// <summary>All S3 tests share one s3rver process (starting node takes a moment); each test uses its own prefix or bucket.</summary>
[CollectionDefinition(Name)]
public sealed class S3ServerCollection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "S3 server";
}
