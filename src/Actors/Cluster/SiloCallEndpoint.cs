using System.Text.Json;
using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

/// <summary>Where other processes' grain calls arrive: runs them on this silo if it owns the partition.</summary>
public static class SiloCallEndpoint
{
    public static IEndpointConventionBuilder MapSiloCalls(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(RemoteCallProtocol.Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var registry = services.GetRequiredService<GrainTypeRegistry>();
        var ownership = services.GetRequiredService<IPartitionOwnership>();
        var silo = services.GetRequiredService<ClusterSilo>();
        var json = services.GetRequiredService<IOptions<ActorsOptions>>().Value.JsonOptions;

        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = document.RootElement;
        var id = new GrainId(root.GetProperty("type").GetString()!, root.GetProperty("key").GetString()!);
        GrainKeyRules.Validate(id.Key);
        var grainClass = registry.FindByName(id.Type)?.Class;
        if (grainClass is null || !grainClass.Interface.MethodsByName.TryGetValue(root.GetProperty("method").GetString()!, out var method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!silo.IsServing || !ownership.TryGetEpoch(id.Partition, out _))
        {
            context.Response.StatusCode = silo.IsServing ? StatusCodes.Status421MisdirectedRequest : StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var args = new object?[method.ParameterTypes.Length];
        var index = 0;
        foreach (var element in root.GetProperty("args").EnumerateArray())
        {
            args[index] = element.Deserialize(method.ParameterTypes[index], json);
            index++;
        }
        var remaining = long.TryParse(context.Request.Headers[RemoteCallProtocol.DeadlineHeader], out var ms) ? ms : 30_000;
        var deadline = Environment.TickCount64 + remaining;

        byte[] body;
        try
        {
            var call = services.GetRequiredService<Catalog>().InvokeAsync<object?>(id, grainClass, method, args, deadline);
            var result = await call.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(1, remaining)));
            body = RemoteCallProtocol.WriteResult(result, method.ResultType, json);
        }
        catch (PartitionNotOwnedException)
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }
        catch (TimeoutException)
        {
            body = RemoteCallProtocol.WriteError(new GrainCallTimeoutException($"Call to {id}.{method.Name} did not complete in time."));
        }
        catch (Exception error)
        {
            body = RemoteCallProtocol.WriteError(error);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
