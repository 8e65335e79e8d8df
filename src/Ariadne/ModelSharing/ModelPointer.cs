using System.Text;
using System.Text.Json;
using Ariadne.Registry;
using Ariadne.Workspace;

namespace Ariadne.ModelSharing;

/// <summary>
/// The small file that <c>ariadne models push</c> writes into the workspace for git, as a pointer file does for data:
/// <c>models/NAME@ALIAS.json</c> (or <c>models/NAME@vN.json</c> for a version pushed by number) holding the content
/// hash of the <see cref="ModelPackage"/>. Committed and pulled with git, it tells <c>ariadne models pull</c> in another
/// clone what to fetch from the remote.
/// </summary>
internal sealed record ModelPointer(string Name, int Version, string? Alias, string Package)
{
    public const string Folder = "models";

    /// <summary>The pointer's path relative to the workspace root for a model URI (NAME@ALIAS or NAME/VERSION).</summary>
    public static string RelativePath(ModelUri uri) => uri.Alias is not null
        ? $"{Folder}/{uri.Name}@{uri.Alias}.json"
        : uri.Version is { } v ? $"{Folder}/{uri.Name}@v{v}.json"
        : throw AriadneException.InvalidArgument($"Push and pull name a version or an alias (models:/{uri.Name}/3 or {uri.Name}@champion), not 'latest', so the pointer file names one version.");

    public void Write(DataWorkspace workspace, ModelUri uri)
    {
        var path = Path.Combine(workspace.Root, RelativePath(uri));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            w.WriteNumber("version", Version);
            w.WriteString("alias", Alias);
            w.WriteString("package", Package);
            w.WriteEndObject();
        }

        AtomicFile.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    public static ModelPointer Read(DataWorkspace workspace, ModelUri uri)
    {
        var relative = RelativePath(uri);
        var path = Path.Combine(workspace.Root, relative);
        if (!File.Exists(path))
        {
            throw AriadneException.InvalidArgument($"There is no pointer file {relative}: nothing was pushed as {uri.Name}{(uri.Alias is not null ? "@" + uri.Alias : "/" + uri.Version)} here. Run 'ariadne models push' in the workspace that has the model, commit {relative}, and git pull it here.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return new ModelPointer(root.GetProperty("name").GetString()!, root.GetProperty("version").GetInt32(),
                root.TryGetProperty("alias", out var alias) ? alias.GetString() : null, root.GetProperty("package").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw AriadneException.InvalidArgument($"The pointer file {relative} is not readable ({e.Message}). Restore it from git ('git checkout -- {relative}') or push again.");
        }
    }
}
