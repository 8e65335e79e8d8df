using System.Diagnostics;
using Ariadne.Content;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

/// <summary>
/// Ordinary edits in the workspace, as root (these tests run as root) and as an unprivileged user, never change a
/// cache object; where hard links were opted into, a change through one is noticed, named and repairable.
/// </summary>
public sealed class InPlaceEditTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly TestWorkspace _ws = new();

    public static TheoryData<string, bool> Edits()
    {
        var edits = new[]
        {
            "echo extra >> f",
            "echo changed > f",
            "chmod u+w f && echo extra >> f",
            "sed -i s/original/changed/ f",
            "printf XXXX | dd of=f conv=notrunc status=none",
        };
        var data = new TheoryData<string, bool>();
        foreach (var edit in edits)
        {
            data.Add(edit, false);
            data.Add(edit, true);
        }

        return data;
    }

    /// <summary>Runs a shell command in <paramref name="folder"/>, as root or (with setpriv) as the user nobody.</summary>
    private static (int ExitCode, string Error) Shell(string folder, string script, bool unprivileged)
    {
        var info = new ProcessStartInfo(unprivileged ? "setpriv" : "sh")
        {
            WorkingDirectory = folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (unprivileged)
        {
            foreach (var arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "sh" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }

    /// <summary>Hands the workspace to nobody, as if that user had made it.</summary>
    private void GiveToNobody()
    {
        var chown = Process.Start("chown", ["-R", $"{Nobody}:{Nobody}", _ws.Root])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    private void AddOriginal()
    {
        _ws.Write("d/f", "original\n");
        _ws.Write("d/g", "other\n");
        _ws.CliOk("add", "d");
    }

    private void OptIntoHardlinks() => File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [hardlink, copy]\n");

    [Theory]
    [MemberData(nameof(Edits))]
    public void An_in_place_edit_with_the_default_configuration_leaves_the_cache_intact_and_checkout_force_restores_the_recorded_bytes(string edit, bool unprivileged)
    {
        AddOriginal();
        if (unprivileged)
        {
            GiveToNobody();
        }

        var (code, error) = Shell(_ws.Path("d"), edit, unprivileged);

        Assert.True(code == 0, $"'{edit}' failed: {error}");
        Assert.NotEqual("original\n", _ws.Read("d/f"));
        _ws.AssertCacheIntact();
        var status = new WorkspaceStatus(_ws.Open()).Check().Single();
        Assert.Equal(OutputState.Modified, status.State);
        Assert.Equal(["f"], status.Modified);
        Assert.Empty(status.ChangedInCache);
        Assert.Equal(0, _ws.Cli("verify").ExitCode);
        _ws.CliOk("checkout", "d", "--force");
        Assert.Equal("original\n", _ws.Read("d/f"));
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    [Fact]
    public void The_default_configuration_never_hard_links_a_workspace_file_to_the_cache()
    {
        AddOriginal();
        var workspace = _ws.Open();

        Assert.NotEqual(LinkKind.Hardlink, workspace.Cache.EffectiveLinkKind);
        Assert.Contains("link: [reflink, copy]", File.ReadAllText(_ws.Path(".ariadne/config.yaml")), StringComparison.Ordinal);
        var pointer = PointerFile.Read(_ws.Path("d.ari"));
        foreach (var entry in FolderManifest.Load(workspace.Cache, pointer.Hash).Entries)
        {
            Assert.False(workspace.Cache.IsLinkedTo(_ws.Path("d/" + entry.Path), entry.Hash));
        }

        _ws.Write("e", "x");
        _ws.CliOk("add", "e");
        File.Delete(_ws.Path("e"));
        _ws.CliOk("checkout", "e");
        Assert.False(workspace.Cache.IsLinkedTo(_ws.Path("e"), PointerFile.Read(_ws.Path("e.ari")).Hash));
    }

    [Fact]
    public void A_workspace_made_by_an_earlier_version_is_not_hard_linked_by_the_link_list_its_init_wrote()
    {
        // Given a config.yaml as 'ariadne init' wrote it before hard links became opt-in
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [reflink, hardlink, copy]\n  jobs: 8\n");

        // When a folder is added and then edited in place
        AddOriginal();
        File.AppendAllText(_ws.Path("d/f"), "extra\n");

        // Then the cache object is intact and checkout --force brings the recorded bytes back
        var workspace = _ws.Open();
        Assert.NotEqual(LinkKind.Hardlink, workspace.Cache.EffectiveLinkKind);
        _ws.CliOk("verify");
        _ws.CliOk("checkout", "d", "--force");
        Assert.Equal("original\n", File.ReadAllText(_ws.Path("d/f")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_edit_through_an_opted_in_hard_link_is_named_by_status_and_verify_and_repaired_from_the_remote(bool unprivileged)
    {
        OptIntoHardlinks();
        AddOriginal();
        var remote = _ws.Outside("remote");
        _ws.CliOk("remote", "add", "r", remote, "--default");
        _ws.CliOk("push");
        if (unprivileged)
        {
            GiveToNobody();
        }

        var (code, error) = Shell(_ws.Path("d"), "chmod u+w f && echo extra >> f", unprivileged);
        Assert.True(code == 0, error);

        var status = new WorkspaceStatus(_ws.Open()).Check().Single();
        var object_ = FolderManifest.Load(_ws.Open().Cache, PointerFile.Read(_ws.Path("d.ari")).Hash).Entries.Single(e => e.Path == "f").Hash;
        Assert.Equal([$"d/f (object {object_.Hex})"], status.ChangedInCache);
        Assert.Contains("edited through a hard link", _ws.CliOk("status").Out, StringComparison.Ordinal);
        var verify = _ws.Cli("verify");
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains($"corrupt: {object_.Hex}", verify.Error, StringComparison.Ordinal);
        Assert.Contains("changed through the hard link at d/f", verify.Error, StringComparison.Ordinal);
        Assert.Contains("a copy is on remote 'r'", verify.Error, StringComparison.Ordinal);

        var refused = _ws.Cli("checkout", "d", "--force");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"d/f (object {object_.Hex})", refused.Error, StringComparison.Ordinal);
        Assert.Equal("original\nextra\n", _ws.Read("d/f"));

        var repair = _ws.CliOk("verify", "--repair");
        Assert.Contains($"repaired: {object_.Hex}", repair.Out, StringComparison.Ordinal);
        _ws.AssertCacheIntact();
        _ws.CliOk("checkout", "d", "--force");
        Assert.Equal("original\n", _ws.Read("d/f"));
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    [Fact]
    public void Unprotect_turns_hard_linked_files_into_editable_copies_so_an_edit_leaves_the_cache_intact()
    {
        OptIntoHardlinks();
        AddOriginal();
        var workspace = _ws.Open();
        var entries = FolderManifest.Load(workspace.Cache, PointerFile.Read(_ws.Path("d.ari")).Hash).Entries;
        Assert.All(entries, e => Assert.True(workspace.Cache.IsLinkedTo(_ws.Path("d/" + e.Path), e.Hash)));

        var result = _ws.CliOk("unprotect", "d", "--json");
        File.AppendAllText(_ws.Path("d/f"), "extra\n");

        Assert.Contains("\"copied\": 2", result.Out, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.False(workspace.Cache.IsLinkedTo(_ws.Path("d/" + e.Path), e.Hash)));
        _ws.AssertCacheIntact();
        var status = new WorkspaceStatus(_ws.Open()).Check().Single();
        Assert.Equal(["f"], status.Modified);
        Assert.Empty(status.ChangedInCache);
    }

    [Fact]
    public void Push_refuses_a_corrupt_object_and_uploads_nothing_under_its_name()
    {
        OptIntoHardlinks();
        _ws.Write("f", "original\n");
        _ws.CliOk("add", "f");
        var hash = PointerFile.Read(_ws.Path("f.ari")).Hash;
        var remote = _ws.Outside("remote");
        _ws.CliOk("remote", "add", "r", remote, "--default");
        Shell(_ws.Root, "chmod u+w f && echo extra >> f", unprivileged: false);

        var push = _ws.Cli("push");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains(hash.Hex, push.Error + push.Out, StringComparison.Ordinal);
        Assert.Contains("not uploaded", push.Error + push.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(remote, hash.Hex[..2], hash.Hex[2..])));
    }

    [Fact]
    public void Verify_repair_replaces_corrupt_and_missing_cache_objects_with_verified_copies_from_a_remote()
    {
        AddOriginal();
        _ws.CliOk("remote", "add", "r", _ws.Outside("remote"), "--default");
        _ws.CliOk("push");
        var cache = _ws.Open().Cache;
        var entries = FolderManifest.Load(cache, PointerFile.Read(_ws.Path("d.ari")).Hash).Entries;
        var damaged = cache.PathOf(entries.Single(e => e.Path == "f").Hash);
        File.SetUnixFileMode(damaged, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(damaged, "bit rot");
        File.Delete(cache.PathOf(entries.Single(e => e.Path == "g").Hash));
        Assert.NotEqual(0, _ws.Cli("verify").ExitCode);

        var repair = _ws.CliOk("verify", "--repair");

        Assert.Contains("2 repaired", repair.Out, StringComparison.Ordinal);
        Assert.Contains("verified copy from remote 'r'", repair.Out, StringComparison.Ordinal);
        _ws.AssertCacheIntact();
        Assert.All(entries, e => Assert.True(cache.Contains(e.Hash)));
        Assert.Equal(0, _ws.Cli("verify").ExitCode);
    }

    [Fact]
    public void Checkout_never_hands_out_a_corrupt_cache_object()
    {
        AddOriginal();
        var cache = _ws.Open().Cache;
        var f = FolderManifest.Load(cache, PointerFile.Read(_ws.Path("d.ari")).Hash).Entries.Single(e => e.Path == "f").Hash;
        File.SetUnixFileMode(cache.PathOf(f), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(cache.PathOf(f), "tampered\n");
        Directory.Delete(_ws.Path("d"), recursive: true);

        var result = new WorkspaceCheckout(_ws.Open()).Checkout();

        Assert.False(result.Complete);
        Assert.Equal([$"d/f (object {f.Hex})"], result.Corrupt);
        Assert.False(File.Exists(_ws.Path("d/f")));
        Assert.Equal("other\n", _ws.Read("d/g"));
    }

    public void Dispose() => _ws.Dispose();
}
