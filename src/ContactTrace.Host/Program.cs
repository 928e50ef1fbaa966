if (await CommandLine.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapPersonsApi().RequireAuthorization();
app.MapVenuesApi().RequireAuthorization();
app.MapHotelsApi().RequireAuthorization();
app.MapScansApi().RequireAuthorization();

app.Run();
