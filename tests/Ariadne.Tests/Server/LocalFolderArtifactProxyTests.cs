using System.Text;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.Tests.Server;

/// <summary>The artifact proxy over a local artifact folder, plus a symlink planted inside the folder.</summary>
public sealed class LocalFolderArtifactProxyTests : ArtifactProxyContract
{
    private string Root => Folder.Combine("artifact-root");

    protected override Task<IObjectStore> CreateArtifactStoreAsync() =>
        Task.FromResult(ObjectStoreRegistry.Open(new RemoteSettings("artifacts", Root, new Dictionary<string, string>())));

    [Fact]
    public async Task A_symlink_planted_inside_the_artifact_root_is_never_served()
    {
        using (var put = await Api.Http.PutAsync(Prefix + "/config.txt", new StringContent("harmless")))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        var secret = Folder.WriteFile("secret/credentials", "aws_secret_access_key = SECRET-VALUE");
        var hash = ContentHasher.HashBytes(Encoding.UTF8.GetBytes("harmless"));
        var objectFile = Path.Combine(Root, hash.Hex[..2], hash.Hex[2..]);
        File.SetUnixFileMode(objectFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(objectFile);
        File.CreateSymbolicLink(objectFile, secret);

        var download = await RawHttp.SendAsync(Api.Address, "GET", Prefix + "/config.txt");

        Assert.Equal(500, download.Status);
        Assert.Contains("corrupt", download.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-VALUE", download.Body, StringComparison.Ordinal);
    }
}
