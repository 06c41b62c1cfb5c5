namespace GitIntegration.CredentialHelper;

/// <summary>
/// The helper's operations as git calls them (<c>get</c>, <c>store</c>, <c>erase</c>). Whatever happens,
/// the exit code is 0 and stdout holds either a full credential or nothing, so git moves on to its
/// other helpers when this one has no answer.
/// </summary>
public sealed class CredentialCommands(HelperSettings settings, TextReader input, TextWriter output, TextWriter messages)
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // git appends the operation as the last argument; unknown operations are ignored.
        switch (args.Length == 0 ? "" : args[^1])
        {
            case "get":
                await GetAsync(CredentialRequest.Read(input), cancellationToken);
                break;
            case "store":
                CredentialRequest.Read(input); // the service owns the credential; nothing to save
                break;
            case "erase":
                await EraseAsync(CredentialRequest.Read(input), cancellationToken);
                break;
        }
        return 0;
    }

    private async Task GetAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        if (request.RemoteUrl is not { } remoteUrl || !IsConfigured())
            return;

        using var client = new CredentialServiceClient(settings);
        var answer = await new CredentialWaiter(client, settings.ListenTimeout, messages).GetAsync(remoteUrl, cancellationToken);
        switch (answer)
        {
            case ServiceAnswer.Credentials credentials:
                credentials.Credential.WriteTo(output);
                break;
            case ServiceAnswer.NoProvider:
                break; // not ours: git asks its other helpers
            case ServiceAnswer.Unauthorized unauthorized:
                Tell($"the service refused {HelperSettings.TokenVariable} (HTTP {unauthorized.Status}); check the token");
                break;
            case ServiceAnswer.Transient transient:
                Tell($"could not reach the service at {settings.BaseUrl}: {transient.Reason}");
                break;
            case ServiceAnswer.Failed failed:
                Tell(failed.Reason);
                break;
            case ServiceAnswer.LinkRequired link:
                Tell($"Open {link.Url} to link your account");
                break;
        }
    }

    private async Task EraseAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        if (request.RemoteUrl is not { } remoteUrl || !IsConfigured())
            return;
        using var client = new CredentialServiceClient(settings);
        await client.EraseAsync(remoteUrl, request.Password, cancellationToken);
    }

    /// <summary>Without a service URL the helper stays silent; a half-done setup gets one line on stderr.</summary>
    private bool IsConfigured()
    {
        if (settings.Problem is { } problem)
        {
            Tell(problem);
            return false;
        }
        return settings.ServiceUrl is not null;
    }

    private void Tell(string message)
    {
        messages.WriteLine($"gitintegration: {message}");
        messages.Flush();
    }
}
