using System.Security.Cryptography;
using GitIntegration.ProviderEmulator.Core;

namespace GitIntegration.ProviderEmulator.Control;

/// <summary>The control API under /_control: JSON, no authentication, for tests and the demo.</summary>
public static class ControlEndpoints
{
    public static void MapControlApi(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_control");
        InstanceControlEndpoints.Map(control);
        AccountControlEndpoints.Map(control);
        TokenControlEndpoints.Map(control);
        DiagnosticsControlEndpoints.Map(control);
    }

    /// <summary>Runs a control action, turning bad input into 400 and conflicts into 409.</summary>
    public static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or CryptographicException)
        {
            return Results.BadRequest(new ControlError(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new ControlError(ex.Message));
        }
    }

    public static IResult UnknownInstance(string name) => Results.NotFound(new ControlError($"no instance named '{name}'"));

    /// <summary>Runs the action with the named instance, or answers 404.</summary>
    public static IResult WithInstance(EmulatorState state, string name, Func<ProviderInstance, IResult> action) =>
        state.Find(name) is { } instance ? Guard(() => action(instance)) : UnknownInstance(name);

    public static IResult WithAccount(EmulatorState state, string name, string login, Func<ProviderInstance, Core.Accounts.Account, IResult> action) =>
        WithInstance(state, name, instance => instance.Accounts.FindByLogin(login) is { } account
            ? action(instance, account)
            : Results.NotFound(new ControlError($"no account '{login}' on instance '{name}'")));

    /// <summary>The base URL of the emulator as the caller reached it.</summary>
    public static string EmulatorBase(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
