using GitIntegration.ProviderEmulator;

var app = EmulatorApplication.CreateStandalone(args);
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"Provider emulator listening on {string.Join(", ", app.Urls)} (control API at /_control)"));
app.Run();
