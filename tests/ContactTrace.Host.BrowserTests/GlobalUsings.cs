global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using ContactTrace.TestSupport;
global using Microsoft.Playwright;
global using Xunit;
