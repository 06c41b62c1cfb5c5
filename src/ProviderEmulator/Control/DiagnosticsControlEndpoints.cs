using GitIntegration.ProviderEmulator.Core;
using static GitIntegration.ProviderEmulator.Control.ControlEndpoints;

namespace GitIntegration.ProviderEmulator.Control;

/// <summary>Control API: fault injection, counters and reset.</summary>
public static class DiagnosticsControlEndpoints
{
    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/faults", (EmulatorState state, FaultSpec spec) => Guard(() =>
        {
            if (spec.Instance is { } name && state.Find(name) is null)
            {
                return UnknownInstance(name);
            }

            return Results.Ok(state.Faults.Add(spec).ToInfo());
        }));

        control.MapGet("/faults", (EmulatorState state) => Results.Ok(state.Faults.List()));

        control.MapDelete("/faults", (EmulatorState state) =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });

        control.MapDelete("/faults/{id}", (EmulatorState state, string id) =>
            state.Faults.Remove(id) ? Results.NoContent() : Results.NotFound(new ControlError($"no fault '{id}'")));

        control.MapGet("/counters", (EmulatorState state) => Results.Ok(state.Counters.Snapshot()));

        control.MapGet("/counters/refresh-tokens/{sha256}", (EmulatorState state, string sha256) =>
            Results.Ok(new RefreshTokenCount(sha256.ToLowerInvariant(), "", state.Counters.Presentations(sha256))));

        control.MapDelete("/counters", (EmulatorState state) =>
        {
            state.Counters.Reset();
            return Results.NoContent();
        });

        control.MapPost("/reset", (EmulatorState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });
    }
}
