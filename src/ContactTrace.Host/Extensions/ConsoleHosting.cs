using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Serves the tracing teams' console (<c>/console/</c>): the files the front-end build left beside the host
/// (<c>console/</c> in its output folder, or <c>ContactTrace:Console:Path</c>). They are public; the page signs
/// in with an API key that it keeps for the tab and sends only in the <c>X-Api-Key</c> header.
/// </summary>
public static class ConsoleHosting
{
    public const string RequestPath = "/console";

    public static WebApplication UseContactTraceConsole(this WebApplication app)
    {
        var folder = app.Configuration["ContactTrace:Console:Path"] ?? Path.Combine(AppContext.BaseDirectory, "console");
        app.MapGet("/", () => TypedResults.Redirect(RequestPath + "/")).ExcludeFromDescription();

        app.UseWhen(context => context.Request.Path.StartsWithSegments(RequestPath), console => console.Use(async (context, next) =>
        {
            if (context.Request.Path.Value == RequestPath)
            {
                context.Response.Redirect(RequestPath + "/");
                return;
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = context.Request.Path.StartsWithSegments(RequestPath + "/assets") ? "public, max-age=31536000, immutable" : "no-cache";
            await next(context);
        }));

        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            app.Logger.LogWarning("The console was not built ({Folder} has no index.html): /console/ answers 404. Build the host with npm installed.", folder);
            return app;
        }

        var files = new PhysicalFileProvider(Path.GetFullPath(folder));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = RequestPath });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = RequestPath });
        return app;
    }
}
