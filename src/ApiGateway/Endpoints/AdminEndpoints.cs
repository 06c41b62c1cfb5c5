using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Ssh;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>/api/v2/admin: providers (secrets write-only), the SSH key algorithm, the Bitbucket Server public key.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v2/admin").RequireAuthorization(AuthPolicies.Admin).WithTags("Admin").ProducesAdminErrors();
        admin.MapGet("/external-auth", ListProvidersAsync).WithName("ListProviders").WithSummary("Every provider (secrets never returned)");
        admin.MapPost("/external-auth", CreateProviderAsync).WithName("CreateProvider").WithSummary("Add a provider");
        admin.MapGet("/external-auth/{id}", GetProviderAsync).WithName("GetProvider").WithSummary("One provider");
        admin.MapPut("/external-auth/{id}", UpdateProviderAsync).WithName("UpdateProvider").WithSummary("Change a provider added here (an empty secret keeps the stored one)");
        admin.MapDelete("/external-auth/{id}", DeleteProviderAsync).WithName("DeleteProvider").WithSummary("Delete a provider added here");
        admin.MapGet("/ssh", GetSshAsync).WithName("GetSshSettings").WithSummary("The algorithm new SSH keys are made with");
        admin.MapPut("/ssh", SetSshAsync).WithName("SetSshSettings").WithSummary("Set the algorithm new SSH keys are made with");
        admin.MapGet("/bitbucket-server/public-key", GetBitbucketServerKeyAsync)
            .WithName("GetBitbucketServerPublicKey").WithSummary("The PEM public key for a Bitbucket Server OAuth 1 application link");
        return routes;
    }

    private static IProviderCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog);

    private static async Task<Ok<ProviderResponse[]>> ListProvidersAsync(IProviderDirectory providers, PublicUrls urls, CancellationToken cancellationToken) =>
        TypedResults.Ok((await providers.GetAllAsync(cancellationToken)).Select(c => ContractMapping.ToProviderResponse(c, urls.Callback(c.Id))).ToArray());

    private static async Task<Results<Ok<ProviderResponse>, NotFound<ApiError>>> GetProviderAsync(
        string id, IProviderDirectory providers, PublicUrls urls, CancellationToken cancellationToken) =>
        await FindAsync(providers, id, cancellationToken) is { } config
            ? TypedResults.Ok(ContractMapping.ToProviderResponse(config, urls.Callback(config.Id)))
            : ApiResults.NotFound($"Provider '{id}' not found.");

    private static async Task<Results<Created<ProviderResponse>, BadRequest<ApiError>, Conflict<ApiError>>> CreateProviderAsync(
        [FromBody] ProviderRequest body, IProviderDirectory providers, IGrainFactory grains, PublicUrls urls, CancellationToken cancellationToken)
    {
        FieldLimits.Check(body);
        if (body.Id is null || !ProviderIds.IsValid(body.Id))
            return ApiResults.InvalidField("id", ProviderIds.Rule);
        if (await FindAsync(providers, body.Id, cancellationToken) is not null)
            return ApiResults.Conflict($"Provider '{body.Id}' already exists.");
        var saved = await SaveAsync(body.Id, body, providers, grains, urls, cancellationToken);
        return TypedResults.Created($"/api/v2/admin/external-auth/{saved.Id}", saved);
    }

    private static async Task<Results<Ok<ProviderResponse>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> UpdateProviderAsync(
        string id, [FromBody] ProviderRequest body, IProviderDirectory providers, IGrainFactory grains, PublicUrls urls, CancellationToken cancellationToken)
    {
        FieldLimits.Check(body);
        if (body.Id is not null && body.Id != id)
            return ApiResults.InvalidField("id", "must match the id in the path");
        var existing = await FindAsync(providers, id, cancellationToken);
        if (existing is null)
            return ApiResults.NotFound($"Provider '{id}' not found.");
        if (existing.Source == ProviderSource.Configuration)
            return ApiResults.Conflict($"Provider '{id}' comes from the configuration; change it there.");
        return TypedResults.Ok(await SaveAsync(id, body, providers, grains, urls, cancellationToken));
    }

    private static async Task<Results<NoContent, NotFound<ApiError>, Conflict<ApiError>>> DeleteProviderAsync(
        string id, IProviderDirectory providers, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(providers, id, cancellationToken);
        if (existing is null)
            return ApiResults.NotFound($"Provider '{id}' not found.");
        if (existing.Source == ProviderSource.Configuration)
            return ApiResults.Conflict($"Provider '{id}' comes from the configuration; remove it there.");
        var deleted = await Catalog(grains).DeleteProviderAsync(id);
        providers.Invalidate();
        return deleted ? TypedResults.NoContent() : ApiResults.NotFound($"Provider '{id}' not found.");
    }

    private static async Task<ProviderResponse> SaveAsync(
        string id, ProviderRequest body, IProviderDirectory providers, IGrainFactory grains, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(body.Type))
            throw new InvalidRequestException("type: required.");
        await Catalog(grains).UpsertProviderAsync(ContractMapping.ToDefinition(id, body));
        providers.Invalidate();
        var saved = await FindAsync(providers, id, cancellationToken)
                    ?? throw new InvalidOperationException($"Provider '{id}' was saved but is not in the directory.");
        return ContractMapping.ToProviderResponse(saved, urls.Callback(saved.Id));
    }

    private static async Task<ProviderConfig?> FindAsync(IProviderDirectory providers, string id, CancellationToken cancellationToken) =>
        ProviderIds.IsValid(id) ? (await providers.GetAllAsync(cancellationToken)).FirstOrDefault(p => p.Id == id) : null;

    private static async Task<Ok<SshSettings>> GetSshAsync(IGrainFactory grains) =>
        TypedResults.Ok(new SshSettings((await Catalog(grains).GetAsync()).SshKeygenAlgorithm));

    private static async Task<Results<Ok<SshSettings>, BadRequest<ApiError>>> SetSshAsync([FromBody] SshSettings body, IGrainFactory grains)
    {
        if (!SshKeyAlgorithmNames.TryParse(body.KeygenAlgorithm, out var algorithm))
            return ApiResults.InvalidField("keygen_algorithm", "ed25519, ecdsa or rsa4096");
        var catalog = await Catalog(grains).SetSshKeygenAlgorithmAsync(algorithm.ToSettingString());
        return TypedResults.Ok(new SshSettings(catalog.SshKeygenAlgorithm));
    }

    private static async Task<Ok<BitbucketServerPublicKey>> GetBitbucketServerKeyAsync(IGrainFactory grains) =>
        TypedResults.Ok(new BitbucketServerPublicKey(await Catalog(grains).GetBitbucketServerPublicKeyAsync()));
}
