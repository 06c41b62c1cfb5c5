using System.Security.Cryptography;
using System.Text;
using GitIntegration.TestSupport;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>Every stored row (grain state and reminders) with its version, to prove a run of requests changed nothing.</summary>
public static class StoreSnapshot
{
    public static async Task<List<string>> TakeAsync(string databasePath)
    {
        var rows = StoredRows.Sqlite(databasePath);
        var snapshot = new List<string>();
        foreach (var state in await rows.StatesAsync())
        {
            var payload = state.Payload is null ? "null" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state.Payload)));
            snapshot.Add($"state {state.StateName}/{state.Key} version {state.Version} {payload}");
        }
        foreach (var reminder in await rows.RemindersAsync())
            snapshot.Add($"reminder {reminder.GrainId}/{reminder.Name} {reminder.StartTime:O} {reminder.PeriodMs}");
        return snapshot;
    }
}
