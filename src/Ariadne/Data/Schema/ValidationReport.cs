namespace Ariadne.Data.Schema;

/// <summary>Every check that ran, passing or failing; <see cref="Valid"/> when none failed.</summary>
public sealed record ValidationReport(string File, long Rows, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Valid => Checks.All(c => c.Passed);

    /// <summary>The checks that failed, in the order they ran.</summary>
    public IEnumerable<CheckResult> Failures => Checks.Where(c => !c.Passed);
}
