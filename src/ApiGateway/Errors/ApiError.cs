using System.Text.Json.Serialization;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>Coder's error body: <c>{"message","detail","validations":[{"field","detail"}]}</c>, detail and validations
/// left out when empty (omitempty in codersdk.Response).</summary>
public sealed record ApiError(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ValidationError>? Validations)
{
    public ApiError(string message, string? detail = null) : this(message, string.IsNullOrEmpty(detail) ? null : detail, null) { }

    public static ApiError ForField(string message, string field, string detail) => new(message, detail, [new ValidationError(field, detail)]);
}

public sealed record ValidationError(string Field, string Detail);
