namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>RFC 8628: starting a device authorization and polling it.</summary>
public static class DeviceCodeGrant
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static (DeviceAuthorization? Authorization, OAuthError? Error) Start(ProviderInstance instance, OAuthApp app, string scope)
    {
        if (!app.DeviceFlow)
        {
            return (null, new OAuthError(OAuthErrorKind.DeviceFlowDisabled));
        }

        var settings = instance.Settings;
        var authorization = new DeviceAuthorization
        {
            DeviceCode = TokenValues.DeviceCode(instance.Type),
            UserCode = TokenValues.UserCode(instance.Type),
            ClientId = app.ClientId,
            Scope = scope,
            ExpiresAt = instance.Now.AddSeconds(settings.DeviceCodeLifetimeSeconds ?? instance.Profile.DeviceCodeLifetimeSeconds),
            IntervalSeconds = settings.DeviceIntervalSeconds ?? instance.Profile.DeviceIntervalSeconds,
        };
        instance.Devices.Add(authorization);
        return (authorization, null);
    }

    public static int ExpiresIn(ProviderInstance instance, DeviceAuthorization authorization) =>
        Math.Max(0, (int)Math.Round((authorization.ExpiresAt - instance.Now).TotalSeconds));

    /// <summary>One poll. Polling again sooner than the interval while pending earns slow_down and 5 more seconds.</summary>
    public static (IssuedTokens? Tokens, OAuthError? Error) Poll(ProviderInstance instance, OAuthApp app, string? deviceCode)
    {
        if (deviceCode is null)
        {
            return (null, new OAuthError(OAuthErrorKind.InvalidRequest, "device_code is missing"));
        }

        if (!app.DeviceFlow)
        {
            return (null, new OAuthError(OAuthErrorKind.DeviceFlowDisabled));
        }

        lock (instance.Gate)
        {
            var now = instance.Now;
            var authorization = instance.Devices.FindByDeviceCode(deviceCode);
            if (authorization is null || authorization.ClientId != app.ClientId || authorization.Status == DeviceStatus.Consumed)
            {
                return (null, new OAuthError(OAuthErrorKind.DeviceCodeInvalid));
            }

            if (now >= authorization.ExpiresAt)
            {
                return (null, new OAuthError(OAuthErrorKind.ExpiredToken));
            }

            var lastPoll = authorization.LastPolledAt;
            authorization.LastPolledAt = now;
            switch (authorization.Status)
            {
                case DeviceStatus.Denied:
                    return (null, new OAuthError(OAuthErrorKind.AccessDenied));
                case DeviceStatus.Pending when instance.Profile.DeviceSlowDown && lastPoll is { } last &&
                                               now - last < TimeSpan.FromSeconds(authorization.IntervalSeconds):
                    authorization.IntervalSeconds += 5;
                    return (null, new OAuthError(OAuthErrorKind.SlowDown, Interval: authorization.IntervalSeconds));
                case DeviceStatus.Pending:
                    return (null, new OAuthError(OAuthErrorKind.AuthorizationPending));
            }

            var account = instance.Accounts.FindById(authorization.AccountId!.Value);
            if (account is null)
            {
                return (null, new OAuthError(OAuthErrorKind.AccessDenied));
            }

            authorization.Status = DeviceStatus.Consumed;
            return (TokenIssuer.IssuePair(instance, app, account, authorization.Scope, viaDevice: true), null);
        }
    }
}
