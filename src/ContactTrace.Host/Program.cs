if (await CommandLine.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Started from another folder (e.g. `dotnet path/to/contacttrace.dll`), read the settings shipped beside it.
    ContentRootPath = File.Exists("appsettings.json") ? null : AppContext.BaseDirectory,
});

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCharsetGuard();
app.UseContactTraceConsole();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseRequestTimeouts();

app.MapDefaultEndpoints();
app.MapPersonsApi().RequireAuthorization();
app.MapVenuesApi().RequireAuthorization();
app.MapHotelsApi().RequireAuthorization();
app.MapScansApi().RequireAuthorization();
app.MapCasesApi().RequireAuthorization();
app.MapAssignmentsApi().RequireAuthorization();
app.MapPolicyApi().RequireAuthorization();
app.MapReportsApi().RequireAuthorization();
app.MapAccessApi().RequireAuthorization();
app.MapHouseholdsApi().RequireAuthorization();
app.MapConsoleApi().RequireAuthorization();
app.MapTestsApi().RequireAuthorization();
app.MapHealthCodesApi().RequireAuthorization();
app.MapZonesApi().RequireAuthorization();
app.MapTrajectoriesApi().RequireAuthorization();
app.MapSelfReportsApi().RequireAuthorization();
app.MapVenueActionsApi().RequireAuthorization();

app.Run();
