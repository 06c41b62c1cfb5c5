using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GitIntegration.TestSupport;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>The one mapping from exception to status: input problems are 4xx whichever layer throws them; anything
/// unmapped is a 500 logged with its exception.</summary>
public sealed class ExceptionStatusTests
{
    public static TheoryData<Exception, int> InputProblems => new()
    {
        { new BadHttpRequestException("Unsupported content type", StatusCodes.Status415UnsupportedMediaType), 415 },
        { new InvalidFieldException("regex", "at most 1024 characters"), 400 },
        { new ProviderConfigurationException("type", "'svn' is not a provider type."), 400 },
        { new InvalidRequestException("username: required."), 400 },
        { new NotFoundException("No such user."), 404 },
        { new ConflictException("The username is taken."), 409 },
    };

    [Theory]
    [MemberData(nameof(InputProblems))]
    public void An_input_problem_is_a_4xx(Exception exception, int status) =>
        Assert.Equal(status, ExceptionStatus.Map(exception)?.Status);

    [Fact]
    public void A_field_error_names_the_field_as_a_validation()
    {
        var error = ExceptionStatus.Map(new InvalidFieldException("display_icon", "at most 2048 characters"))!.Value.Error;

        Assert.Equal([new ValidationError("display_icon", "at most 2048 characters")], error.Validations);
    }

    [Fact]
    public async Task Anything_unmapped_is_a_500_logged_with_its_exception()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddOptions().Configure<JsonOptions>(_ => { }).BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        var middleware = new ApiErrorMiddleware(_ => throw new InvalidOperationException("a bug"), loggers.CreateLogger<ApiErrorMiddleware>());

        await middleware.InvokeAsync(context);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error") && line.Contains("System.InvalidOperationException: a bug"));
    }
}
