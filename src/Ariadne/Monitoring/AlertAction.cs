namespace Ariadne.Monitoring;

/// <summary>What a fired rule does: exit non-zero, POST a JSON body to a webhook, or append a line to a log file.</summary>
internal sealed record AlertAction(AlertActionKind Kind, string? Target, int Line);

/// <summary>The kinds of <see cref="AlertAction"/>.</summary>
internal enum AlertActionKind
{
    Exit,
    Webhook,
    Log,
}
