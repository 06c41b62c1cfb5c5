namespace GitIntegration.ApiGateway.Hosting;

public enum GatewayMode { AllInOne, Gateway }

/// <summary>
/// The gateway's own switches (<c>--demo</c>, <c>--mode all-in-one|gateway</c>), taken out of the arguments so
/// the rest can go to standard .NET configuration (<c>--urls</c>, <c>--GitIntegration:...</c>).
/// </summary>
public sealed record GatewayCommandLine(GatewayMode Mode, bool Demo, string[] ConfigurationArgs)
{
    public static GatewayCommandLine Parse(string[] args)
    {
        var mode = GatewayMode.AllInOne;
        var demo = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--demo")
                demo = true;
            else if (arg == "--mode" || arg.StartsWith("--mode=", StringComparison.Ordinal))
            {
                var value = arg == "--mode" ? (i + 1 < args.Length ? args[++i] : "") : arg["--mode=".Length..];
                mode = value switch
                {
                    "all-in-one" => GatewayMode.AllInOne,
                    "gateway" => GatewayMode.Gateway,
                    _ => throw new StartupException($"--mode: '{value}' is not all-in-one or gateway."),
                };
            }
            else
                rest.Add(arg);
        }
        return new GatewayCommandLine(mode, demo, rest.ToArray());
    }
}
