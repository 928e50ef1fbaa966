global using System.Diagnostics;
global using System.Globalization;
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using ContactTrace.TestSupport;
global using Npgsql;
global using Xunit;
