using System.Text;
using Ariadne.Content;

namespace Ariadne.Pipelines;

/// <summary>
/// The run cache's key for a stage: BLAKE3 of its commands, wdir, env, dependencies' hashes, parameter values and
/// output paths. Two runs with the same fingerprint ran the same commands on the same inputs.
/// </summary>
internal static class StageFingerprint
{
    public static ContentHash Of(Stage stage, StageInputs inputs)
    {
        var text = new StringBuilder("ariadne-stage-1\n");
        foreach (var command in stage.Commands)
        {
            text.Append("cmd\t").Append(command).Append('\n');
        }

        text.Append("wdir\t").Append(stage.WorkingDirectory).Append('\n');
        foreach (var (key, value) in stage.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append("env\t").Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (var dep in inputs.Deps.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            text.Append("dep\t").Append(dep.Hash.Hex).Append('\t').Append(dep.Path).Append('\n');
        }

        foreach (var param in inputs.Params.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("param\t").Append(param.File).Append('\t').Append(param.Key).Append('=').Append(param.Value).Append('\n');
        }

        foreach (var output in stage.Outs)
        {
            text.Append("out\t").Append(output.Path).Append('\n');
        }

        foreach (var output in stage.Metrics.Concat(stage.Plots))
        {
            text.Append("file\t").Append(output.Path).Append('\n');
        }

        return ContentHasher.HashBytes(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
