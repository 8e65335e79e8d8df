using Ariadne.Remotes;

namespace Ariadne.Tests.Remotes;

public sealed class LocalFolderStoreTests : ObjectStoreContract
{
    protected override IObjectStore CreateStore() =>
        ObjectStoreRegistry.Open(new RemoteSettings("folder", Temp.Combine("remote"), new Dictionary<string, string>()));

    [Fact]
    public void Unknown_scheme_error_lists_the_known_ones()
    {
        var error = Assert.Throws<AriadneException>(() =>
            ObjectStoreRegistry.Open(new RemoteSettings("x", "gopher://host/x", new Dictionary<string, string>())));

        Assert.Equal(ErrorCode.UnknownScheme, error.Code);
        Assert.Contains("file://", error.Message, StringComparison.Ordinal);
    }
}
