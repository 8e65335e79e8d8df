namespace Ariadne.Schedules;

/// <summary>What a schedule runs.</summary>
internal enum ScheduleActionKind
{
    /// <summary><c>pipeline: true</c>: the whole pipeline, as <c>ariadne repro</c>.</summary>
    Pipeline,

    /// <summary><c>stage: NAME</c>: one stage and what it depends on, as <c>ariadne repro NAME</c>.</summary>
    Stage,

    /// <summary><c>monitor: check</c>: the alert rules once, as <c>ariadne monitor check</c>.</summary>
    MonitorCheck,

    /// <summary><c>command: "..."</c>: any shell command, run with <c>/bin/sh -c</c>.</summary>
    Command,
}
