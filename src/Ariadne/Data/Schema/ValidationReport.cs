namespace Ariadne.Data.Schema;

/// <summary>Every check that ran, passing or failing; <see cref="Valid"/> when none failed.</summary>
public sealed record ValidationReport(string File, long Rows, IReadOnlyList<CheckResult> Checks)
{
    public bool Valid => Checks.All(c => c.Passed);

    public IEnumerable<CheckResult> Failures => Checks.Where(c => !c.Passed);
}
