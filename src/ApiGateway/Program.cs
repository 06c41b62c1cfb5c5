using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;

// dotnet run --project src/ApiGateway [-- --demo] [--urls ...] [--GitIntegration:Key=value ...]
try
{
    var command = GatewayCommandLine.Parse(args);
    if (command.Mode == GatewayMode.Gateway)
    {
        Console.Error.WriteLine("--mode gateway: not available yet; it arrives with cluster mode. Run without --mode for all-in-one.");
        return 2;
    }
    if (command.Demo)
    {
        await DemoMode.RunAsync(command.ConfigurationArgs);
        return 0;
    }
    await using var app = GatewayApplication.Build(command.ConfigurationArgs);
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
