using System.CommandLine;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>ariadne commit [STAGE...]</c>: record the stages' current outputs in ariadne.lock without running them.</summary>
internal static class CommitCommand
{
    public static Command Create(CliContext context)
    {
        var stages = new Argument<string[]>("stage") { Description = "Stages to record (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("commit", "Record what the stages' outputs hold now in ariadne.lock without running them: hash deps and outputs, store outputs in the cache.") { stages, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var results = new StageCommit(workspace, PipelineFile.Load(workspace.Root)).Commit(parse.GetValue(stages) ?? []);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var r in results)
                    {
                        w.WriteStartObject();
                        w.WriteString("stage", r.Stage);
                        w.WriteBoolean("committed", r.Committed);
                        w.WriteStrings("changes", r.Changes);
                        w.WriteStartArray("outs");
                        foreach (var o in r.Outputs)
                        {
                            w.WriteStartObject();
                            w.WriteString("path", o.Path);
                            w.WriteString("blake3", o.Hash.Hex);
                            w.WriteNumber("size", o.Size);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            foreach (var r in results)
            {
                context.Console.WriteLine(r.Committed
                    ? $"Committed stage '{r.Stage}' ({string.Join("; ", r.Changes)})."
                    : $"Stage '{r.Stage}' is already recorded as it is.");
            }

            if (results.Any(r => r.Committed))
            {
                context.Console.WriteLine($"Commit the lock file: git add {LockFile.FileName}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
