@REM modelswitch.bat: the cmd.exe front end of modelswitch (set up by `modelswitch init cmd`,
@REM which points the doskey macro `modelswitch` here).
@REM   modelswitch use [NAME]   switch this window to profile NAME (default: the .modelswitch file)
@REM   modelswitch off          remove every modelswitch variable from this window
@REM   anything else            runs the program unchanged
@REM How: the program prints NAME=value lines (an empty value unsets). FOR /F reads them
@REM from its stdout (never a file: no secret on disk) and SET applies each whole line.
@REM cmd substitutes the FOR variable only after it has parsed percent signs, carets,
@REM ampersands, pipes, redirections and quotes, so a value's metacharacters arrive
@REM literally, and SET splits at the first equals sign. Delayed expansion would still act
@REM on exclamation marks afterwards: when it is on here, MODELSWITCH_CMD_DELAYED=1 tells
@REM the program to refuse such values. A failed switch prints nothing: nothing changes.
@REM The program's last line, MODELSWITCH_BAT_OK=1, says the output was complete.
@REM No SETLOCAL: the variables must outlive this script; its own helpers are cleared.
@IF DEFINED MODELSWITCH_EXE (SET "MODELSWITCH_BAT_EXE=%MODELSWITCH_EXE%") ELSE (SET "MODELSWITCH_BAT_EXE=modelswitch.exe")
@IF /I "%~1"=="use" GOTO modelswitch_switch
@IF /I "%~1"=="off" GOTO modelswitch_switch
:modelswitch_pass
@SET "MODELSWITCH_BAT_ARG="
@SET "MODELSWITCH_BAT_EXE=" & "%MODELSWITCH_BAT_EXE%" %*
@EXIT /B %ERRORLEVEL%

:modelswitch_switch
@REM Options (use --help) and extra words go to the program as typed, never applied.
@IF NOT "%~3"=="" GOTO modelswitch_pass
@SET "MODELSWITCH_BAT_ARG=-%~2"
@IF "%MODELSWITCH_BAT_ARG:~1,1%"=="-" GOTO modelswitch_pass
@IF /I "%~1"=="off" IF NOT "%~2"=="" GOTO modelswitch_pass
@SET "MODELSWITCH_BAT_ARG=off"
@IF /I "%~1"=="use" SET "MODELSWITCH_BAT_ARG=env"
@SET "MODELSWITCH_CMD_DELAYED="
@IF "!!"=="" SET "MODELSWITCH_CMD_DELAYED=1"
@SET "MODELSWITCH_BAT_OK="
@FOR /F "delims=" %%L IN ('""%MODELSWITCH_BAT_EXE%" %MODELSWITCH_BAT_ARG% %2 --shell cmd"') DO @SET "%%L"
@SET "MODELSWITCH_CMD_DELAYED="
@SET "MODELSWITCH_BAT_ARG="
@SET "MODELSWITCH_BAT_EXE="
@IF NOT DEFINED MODELSWITCH_BAT_OK EXIT /B 1
@SET "MODELSWITCH_BAT_OK="
@EXIT /B 0
