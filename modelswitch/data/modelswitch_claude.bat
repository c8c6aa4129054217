@REM modelswitch_claude.bat: what `claude` at the cmd prompt runs once `modelswitch init cmd`
@REM is set up (modelswitch_hook.bat points the doskey macro `claude` here).
@REM Claude Code applies its settings files' env block over the process environment, so after
@REM `modelswitch use NAME` a ~/.claude/settings.json could silently win. While a profile is
@REM active in this window (MODELSWITCH_PROFILE holds a profile name) this runs
@REM `modelswitch run NAME -- ARGS`, whose `claude --settings` outranks those files; run drops
@REM the one `--` and hands ARGS to claude as typed. With no profile active it runs the real
@REM claude (claude.cmd or claude.exe on PATH). The exit status is claude's.
@REM Bypass the macro with `claude.cmd ...` / `claude.exe ...` (doskey only replaces the exact
@REM macro name typed first on the line; Microsoft documents that a macro runs only when its
@REM name starts at the first position, so ` claude` with a leading space should also bypass it).
@REM Safety: %MODELSWITCH_PROFILE% is expanded into the command line only after it has been
@REM checked to hold nothing but letters, digits, '.', '_' and '-' (first a letter or digit, at
@REM most 64). The check reads it with delayed expansion (!...!), which substitutes after cmd
@REM has parsed quotes and & | < > ^, so no value can break out of it: each allowed character
@REM is deleted (substitution ignores case, so a..z covers A..Z) and a "#" must be all that is
@REM left. ARGS are passed as %* with delayed expansion off, so a '!' in them stays literal.
@SETLOCAL DisableDelayedExpansion
@IF DEFINED MODELSWITCH_EXE (SET "MODELSWITCH_CLAUDE_EXE=%MODELSWITCH_EXE%") ELSE (SET "MODELSWITCH_CLAUDE_EXE=modelswitch.exe")
@SET "MODELSWITCH_CLAUDE_OK="
@IF NOT DEFINED MODELSWITCH_PROFILE GOTO modelswitch_claude_direct
@SETLOCAL EnableDelayedExpansion
@SET "MS_NAME=!MODELSWITCH_PROFILE!"
@SET "MS_REST=#!MS_NAME!"
@FOR %%C IN (a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 . _ -) DO @SET "MS_REST=!MS_REST:%%C=!"
@SET "MS_FIRST=!MS_NAME:~0,1!"
@FOR %%C IN (. _ -) DO @IF "!MS_FIRST!"=="%%C" SET "MS_REST=bad"
@IF NOT "!MS_NAME:~64!"=="" SET "MS_REST=bad"
@SET "MS_OK="
@IF "!MS_REST!"=="#" SET "MS_OK=1"
@ENDLOCAL & SET "MODELSWITCH_CLAUDE_OK=%MS_OK%"
@IF NOT DEFINED MODELSWITCH_CLAUDE_OK GOTO modelswitch_claude_direct
@"%MODELSWITCH_CLAUDE_EXE%" run %MODELSWITCH_PROFILE% -- %*
@EXIT /B %ERRORLEVEL%

:modelswitch_claude_direct
@REM No CALL: CALL would expand %...% in ARGS a second time. A claude.cmd takes over this
@REM script (nothing runs after it), so its exit status is the one left behind.
@claude %*
@EXIT /B %ERRORLEVEL%
