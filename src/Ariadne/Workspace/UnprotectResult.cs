namespace Ariadne.Workspace;

/// <summary>What <c>ariadne unprotect</c> did: files turned from hard links into editable copies, and files that already were editable.</summary>
internal sealed record UnprotectResult(int Copied, int AlreadyEditable);
