using System.Text;
using GitIntegration.CredentialHelper;

// git-credential-gitintegration get|store|erase: a git credential helper backed by the GitIntegration service.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var input = new StreamReader(Console.OpenStandardInput(), utf8);
using var output = new StreamWriter(Console.OpenStandardOutput(), utf8);
var settings = HelperSettings.FromEnvironment(Environment.GetEnvironmentVariable);
var commands = new CredentialCommands(settings, input, output, Console.Error);

try
{
    return await commands.RunAsync(args, CancellationToken.None);
}
catch (Exception e)
{
    // Never break git's helper chain; the message names what failed, never a secret.
    Console.Error.WriteLine($"gitintegration: unexpected error: {e.GetType().Name}: {e.Message}");
    return 0;
}
