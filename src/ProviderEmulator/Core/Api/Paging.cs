using System.Globalization;

namespace GitIntegration.ProviderEmulator.Core.Api;

/// <summary>One page of a list, 1-based.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public int LastPage => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasNext => Number < LastPage;
}

public static class Paging
{
    public static Page<T> Take<T>(IReadOnlyList<T> all, int? page, int? perPage, int defaultSize = 30, int maxSize = 100)
    {
        var size = Math.Clamp(perPage ?? defaultSize, 1, maxSize);
        var number = Math.Max(1, page ?? 1);
        return new Page<T>(all.Skip((number - 1) * size).Take(size).ToList(), number, size, all.Count);
    }

    /// <summary>An RFC 8288 Link header with next/last/first/prev relations, GitHub/GitLab/Gitea style.</summary>
    public static void WriteLinkHeader<T>(HttpContext context, Page<T> page, string pageParam = "page", string sizeParam = "per_page")
    {
        var request = context.Request;
        string Url(int number)
        {
            var query = request.Query.Where(q => q.Key != pageParam && q.Key != sizeParam)
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"{pageParam}={number.ToString(CultureInfo.InvariantCulture)}")
                .Append($"{sizeParam}={page.Size.ToString(CultureInfo.InvariantCulture)}");
            return $"<{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}>";
        }

        var links = new List<string>();
        if (page.HasNext)
        {
            links.Add($"{Url(page.Number + 1)}; rel=\"next\"");
            links.Add($"{Url(page.LastPage)}; rel=\"last\"");
        }

        if (page.Number > 1)
        {
            links.Add($"{Url(1)}; rel=\"first\"");
            links.Add($"{Url(page.Number - 1)}; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }
}
