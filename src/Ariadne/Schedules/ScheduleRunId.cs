using System.Security.Cryptography;
using System.Text;

namespace Ariadne.Schedules;

/// <summary>
/// The run id of a schedule's execution for one slot or dataset version: derived from the schedule's name and the
/// occasion, so every scheduler on a store computes the same id, and the store, which refuses an id twice, lets exactly
/// one of them create the run. That refusal is the claim; nothing else coordinates the schedulers.
/// </summary>
internal static class ScheduleRunId
{
    public static string For(string schedule, string trigger, string occasion)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"ariadne.schedule\n{schedule}\n{trigger}\n{occasion}"));
        return Convert.ToHexStringLower(bytes)[..32];
    }
}
