using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// Answers one HTTP request with <c>git http-backend</c> run as a CGI program (RFC 3875): the request becomes
/// environment variables and stdin; the program's stdout is a header block (<c>Status:</c>, <c>Content-Type:</c>,
/// ...), a blank line, then the body, which is streamed to the client as it comes.
/// </summary>
public sealed class GitHttpBackend(string projectRoot)
{
    public async Task ServeAsync(HttpContext context, string remoteUser)
    {
        using var process = Process.Start(StartInfo(context.Request, remoteUser))
                            ?? throw new InvalidOperationException("could not start git http-backend");
        var errors = process.StandardError.ReadToEndAsync();
        var input = SendBodyAsync(context.Request, process);

        var output = new BufferedStream(process.StandardOutput.BaseStream);
        await CopyHeaderBlockAsync(output, context.Response);
        await output.CopyToAsync(context.Response.Body);

        await input;
        await process.WaitForExitAsync();
        var stderr = await errors;
        if (process.ExitCode != 0 && !context.Response.HasStarted)
            throw new InvalidOperationException($"git http-backend exited with {process.ExitCode}: {stderr}");
    }

    private ProcessStartInfo StartInfo(HttpRequest request, string remoteUser)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("http-backend");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["HOME"] = projectRoot;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["CONTENT_LENGTH"] = request.ContentLength?.ToString() ?? "";
        start.Environment["REMOTE_USER"] = remoteUser;
        start.Environment["REMOTE_ADDR"] = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "";
        // The CGI convention passes request headers as HTTP_*; git reads Git-Protocol and Content-Encoding this way.
        foreach (var (name, value) in request.Headers)
        {
            if (!string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
                start.Environment["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = value.ToString();
        }
        return start;
    }

    private static async Task SendBodyAsync(HttpRequest request, Process process)
    {
        try
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
        }
        catch (IOException)
        {
            // git stopped reading (it answered early); its answer says why
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    /// <summary>Moves the CGI header lines onto the HTTP response, up to the blank line that ends them.</summary>
    private static async Task CopyHeaderBlockAsync(Stream output, HttpResponse response)
    {
        while (await ReadLineAsync(output) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (string.Equals(name, "Status", StringComparison.OrdinalIgnoreCase))
                response.StatusCode = int.Parse(value.Split(' ')[0]);
            else
                response.Headers.Append(name, value);
        }
    }

    /// <summary>One header line without its line ending; empty at the blank line or at end of output.</summary>
    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
        {
            if (one[0] != '\r')
                line.Append((char)one[0]);
        }
        return line.ToString();
    }
}
