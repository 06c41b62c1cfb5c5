namespace GitIntegration.ProviderEmulator.Core.Web;

/// <summary>The page where a user types a device flow user_code and approves or denies it.</summary>
public static class DeviceVerificationEndpoint
{
    public static IResult Get(HttpContext context, ProviderInstance instance)
    {
        var prefilled = context.Request.Query["user_code"].ToString();
        return Form(instance, prefilled, null);
    }

    public static async Task<IResult> Post(HttpContext context, ProviderInstance instance)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userCode = form["user_code"].ToString().Trim();
        if (userCode.Length == 0)
        {
            return Form(instance, "", "Enter the code shown on your device.");
        }

        var approve = form["decision"] == "approve";
        var account = approve ? Html.ChosenAccount(instance, form) : null;
        if (approve && account is null)
        {
            return Form(instance, userCode, "Choose an account.");
        }

        var problem = instance.Devices.Decide(userCode, account?.Id, approve, instance.Now);
        if (problem is not null)
        {
            return Form(instance, userCode, $"That code cannot be used: {problem}.");
        }

        var message = approve ? "Your device is now connected." : "The request was denied.";
        return Html.Page("Device activation", $"<h1 id=\"title\">Device activation</h1><p id=\"result\" data-outcome=\"{(approve ? "approved" : "denied")}\">{message}</p>");
    }

    private static IResult Form(ProviderInstance instance, string userCode, string? error)
    {
        var errorHtml = error is null ? "" : $"<p id=\"error\" class=\"error\">{Html.Encode(error)}</p>";
        var body =
            $"<h1 id=\"title\">Device activation</h1><p>Enter the code displayed on your device to connect it to your " +
            $"{Html.Encode(instance.Profile.DisplayName)} account on <span id=\"instance\">{Html.Encode(instance.Name)}</span>.</p>{errorHtml}" +
            "<form id=\"device-form\" method=\"post\">" +
            $"<label for=\"user_code\">Code</label><input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" required value=\"{Html.Encode(userCode)}\">" +
            Html.AccountChooser(instance, instance.Accounts.All().FirstOrDefault()?.Login) +
            Html.Buttons + "</form>";
        return Html.Page("Device activation", body, error is null ? 200 : 400);
    }
}
