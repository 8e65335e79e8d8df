using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// The pipeline part of <c>ariadne status</c> (as <c>dvc status</c>): for each stage, what changed since
/// <c>ariadne.lock</c> recorded it: dependencies, params, outputs, its command, or that it never ran. Reads through the
/// stat cache, so an unchanged pipeline costs one stat per file.
/// </summary>
internal sealed class PipelineStatus(DataWorkspace workspace, PipelineFile pipeline)
{
    public IReadOnlyList<StageStatus> Check(IReadOnlyCollection<string> stageNames)
    {
        var lockFile = LockFile.Load(LockFile.PathIn(workspace.Root));
        var changes = new ChangeDetector(workspace, new PathHasher(workspace));
        var result = new List<StageStatus>();
        foreach (var stage in StageSelection.Of(pipeline, stageNames))
        {
            IReadOnlyList<string> reasons;
            try
            {
                reasons = changes.Reasons(stage, lockFile.Stages.GetValueOrDefault(stage.Name), changes.Inputs(stage));
            }
            catch (AriadneException e) when (e.Code == ErrorCode.InvalidPipeline)
            {
                reasons = [e.Message];
            }

            result.Add(new StageStatus(stage.Name, reasons));
        }

        return result;
    }
}
