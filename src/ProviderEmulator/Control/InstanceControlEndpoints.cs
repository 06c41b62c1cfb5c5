using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth1;
using static GitIntegration.ProviderEmulator.Control.ControlEndpoints;

namespace GitIntegration.ProviderEmulator.Control;

/// <summary>Control API: instances, their settings, OAuth apps and OAuth 1 consumers.</summary>
public static class InstanceControlEndpoints
{
    public static void Map(RouteGroupBuilder control)
    {
        control.MapGet("/instances", (HttpContext context, EmulatorState state) =>
            Results.Ok(state.All().Select(i => Info(context, i))));

        control.MapPost("/instances", (HttpContext context, EmulatorState state, CreateInstanceRequest request) => Guard(() =>
        {
            if (!ProviderTypeNames.TryParse(request.Type, out var type))
            {
                throw new ArgumentException($"unknown type '{request.Type}'");
            }

            var instance = state.Create(request.Name ?? "", type);
            if (request.Settings is { } settings)
            {
                lock (instance.Gate)
                {
                    instance.Settings.Apply(settings);
                }
            }

            return Results.Created($"/_control/instances/{instance.Name}", Info(context, instance));
        }));

        control.MapGet("/instances/{name}", (HttpContext context, EmulatorState state, string name) =>
            WithInstance(state, name, instance => Results.Ok(Info(context, instance))));

        control.MapDelete("/instances/{name}", (EmulatorState state, string name) =>
            state.Remove(name) ? Results.NoContent() : UnknownInstance(name));

        control.MapPut("/instances/{name}/settings", (HttpContext context, EmulatorState state, string name, InstanceSettingsDto update) =>
            WithInstance(state, name, instance =>
            {
                lock (instance.Gate)
                {
                    instance.Settings.Apply(update);
                }

                return Results.Ok(Info(context, instance));
            }));

        control.MapPost("/instances/{name}/apps", (EmulatorState state, string name, RegisterAppRequest request) =>
            WithInstance(state, name, instance => Results.Ok(instance.Apps.Register(request, instance.Profile).ToInfo())));

        control.MapGet("/instances/{name}/apps", (EmulatorState state, string name) =>
            WithInstance(state, name, instance => Results.Ok(instance.Apps.All().Select(a => a.ToInfo()))));

        control.MapPost("/instances/{name}/oauth1-consumers", (EmulatorState state, string name, RegisterConsumerRequest request) =>
            WithInstance(state, name, instance =>
            {
                if (instance.Type != ProviderType.BitbucketServer)
                {
                    throw new ArgumentException("OAuth 1 consumers exist only on bitbucket-server instances");
                }

                var key = string.IsNullOrWhiteSpace(request.ConsumerKey) ? "GitIntegration" : request.ConsumerKey;
                var consumer = new OAuth1Consumer(key, request.Name ?? key, OAuth1Signature.ImportPublicKey(request.PublicKeyPem ?? ""));
                instance.OAuth1.AddConsumer(consumer);
                return Results.Ok(new ConsumerInfo(consumer.Key, consumer.Name));
            }));
    }

    public static InstanceInfo Info(HttpContext context, ProviderInstance instance)
    {
        lock (instance.Gate)
        {
            return new InstanceInfo(instance.Name, instance.Type.ToName(), $"{EmulatorBase(context)}/{instance.Name}", instance.Settings.ToDto());
        }
    }
}
