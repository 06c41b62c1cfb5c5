using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;

// dotnet run --project src/ApiGateway [-- --demo] [--urls ...] [--GitIntegration:Key=value ...]
try
{
    var command = GatewayCommandLine.Parse(args);
    if (command.Demo && command.Mode == GatewayMode.Gateway)
        throw new StartupException("--demo: only in all-in-one mode, not with --mode gateway.");
    if (command.Demo)
    {
        await DemoMode.RunAsync(command.ConfigurationArgs);
        return 0;
    }
    await using var app = GatewayApplication.Build(command.ConfigurationArgs, mode: command.Mode);
    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // Options validated at start (provider HTTP, link settings) name their key in the message.
    Console.Error.WriteLine(e.Failures.FirstOrDefault() ?? e.Message);
    return 1;
}
