using System.Net;
using System.Text;

namespace GitIntegration.ProviderEmulator.Core.Web;

/// <summary>Small self-contained HTML pages (no external assets) for the sign-in and consent screens.</summary>
public static class Html
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;color:#1f2328}
        main{max-width:28rem;margin:3rem auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1.5rem 2rem}
        h1{font-size:1.25rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
        input,select{width:100%;box-sizing:border-box;padding:.4rem;font-size:1rem}
        .buttons{display:flex;gap:.75rem;margin-top:1.25rem}button{flex:1;padding:.55rem;font-size:1rem;border-radius:6px;border:1px solid #8c959f;cursor:pointer}
        #approve{background:#1f883d;color:#fff;border-color:#1a7f37}#deny{background:#fff}
        .error{color:#cf222e}.muted{color:#59636e;font-size:.9rem}code{font-size:1.1rem}
        """;

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>")
            .Append(body)
            .Append("</main></body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult Error(string title, string message, int status = StatusCodes.Status400BadRequest) =>
        Page(title, $"<h1 id=\"title\">{Encode(title)}</h1><p id=\"error\" class=\"error\">{Encode(message)}</p>", status);

    /// <summary>The account chooser: a select of known accounts (id "login") and a field to sign in as someone new (id "new-login").</summary>
    public static string AccountChooser(ProviderInstance instance, string? preselect)
    {
        var accounts = instance.Accounts.All();
        var html = new StringBuilder();
        if (accounts.Count > 0)
        {
            html.Append("<label for=\"login\">Sign in as</label><select id=\"login\" name=\"login\">");
            foreach (var account in accounts)
            {
                var selected = string.Equals(account.Login, preselect, StringComparison.OrdinalIgnoreCase) ? " selected" : "";
                html.Append($"<option value=\"{Encode(account.Login)}\"{selected}>{Encode(account.Login)} ({Encode(account.Name)})</option>");
            }

            html.Append("</select><label for=\"new-login\">or a new user</label>")
                .Append("<input id=\"new-login\" name=\"new_login\" autocomplete=\"off\" placeholder=\"login\">");
        }
        else
        {
            html.Append("<label for=\"new-login\">Login</label>")
                .Append($"<input id=\"new-login\" name=\"new_login\" autocomplete=\"off\" required value=\"{Encode(preselect)}\">");
        }

        return html.ToString();
    }

    public const string Buttons =
        "<div class=\"buttons\"><button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Cancel</button>" +
        "<button id=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button></div>";

    /// <summary>The account a chooser form picked: the new login when typed, else the selected one (created on first sight).</summary>
    public static Accounts.Account? ChosenAccount(ProviderInstance instance, IFormCollection form)
    {
        var login = form["new_login"].ToString().Trim();
        if (login.Length == 0)
        {
            login = form["login"].ToString().Trim();
        }

        return login.Length == 0 ? null : instance.Accounts.GetOrCreate(login);
    }
}
