namespace GitIntegration.ApiGateway.Errors;

/// <summary>One field of the request is wrong (400). The field travels as a property, so the answer can name it
/// without parsing a message; the detail never repeats the value, which may be huge or secret.</summary>
public sealed class InvalidFieldException(string field, string detail) : Exception($"{field}: {detail}")
{
    public string Field { get; } = field;

    public string Detail { get; } = detail;
}
