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

    private string ObjectFile(byte[] content)
    {
        var hash = ContentHasher.HashBytes(content);
        return Path.Combine(Root, hash.Hex[..2], hash.Hex[2..]);
    }

    private static void Overwrite(string file, byte[] bytes)
    {
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllBytes(file, bytes);
    }

    [Fact]
    public async Task A_large_corrupt_object_is_never_delivered_whole_the_connection_is_cut()
    {
        var content = new byte[900_000];
        new Random(5).NextBytes(content);
        using (var put = await Api.Http.PutAsync(Prefix + "/weights.bin", new ByteArrayContent(content)))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        var damaged = (byte[])content.Clone();
        damaged[^1] ^= 0xFF;
        Overwrite(ObjectFile(content), damaged);

        var error = await Record.ExceptionAsync(() => Api.Http.GetByteArrayAsync(Prefix + "/weights.bin"));

        Assert.NotNull(error);
    }

    [Fact]
    public async Task Uploading_the_same_content_again_repairs_a_corrupt_stored_object()
    {
        var content = Encoding.UTF8.GetBytes("weights that matter");
        using (var put = await Api.Http.PutAsync(Prefix + "/w.bin", new ByteArrayContent(content)))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        Overwrite(ObjectFile(content), Encoding.UTF8.GetBytes("bit rot here, oh no"));
        var broken = await RawHttp.SendAsync(Api.Address, "GET", Prefix + "/w.bin");
        using (var again = await Api.Http.PutAsync(Prefix + "/w.bin", new ByteArrayContent(content)))
        {
            Assert.Equal(200, (int)again.StatusCode);
        }

        Assert.Equal(500, broken.Status);
        Assert.Contains("[artifact store]", broken.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Root, broken.Body, StringComparison.Ordinal);
        Assert.Equal(content, await Api.Http.GetByteArrayAsync(Prefix + "/w.bin"));
    }

    [Fact]
    public async Task Upload_files_left_by_a_killed_server_are_removed_at_start()
    {
        var temp = Folder.Combine("stale-tmp");
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "0123456789abcdef.part"), "left by an old server");
        File.WriteAllText(Path.Combine(temp, "999999999-0123456789abcdef.part"), "left by a killed server");
        var live = Path.Combine(temp, $"{Environment.ProcessId}-0123456789abcdef.part");
        File.WriteAllText(live, "an upload in progress");

        await using (await ServerUnderTest.StartAsync(Api.Store, tempFolder: temp))
        {
        }

        Assert.Equal([live], Directory.GetFiles(temp));
    }
}
