Attribute VB_Name = "XlProductionRibbon"
' xlproduction ribbon callbacks: one small sub per button of the "Production" tab (customUI.xml).
' Each runs one Python entry point of xlproduction.excel.entry_points through the xlwings add-in's
' RunPython, which starts the Python configured in the xlwings ribbon (or xlwings.conf).
' Built into xlproduction.xlam by: python -m xlproduction.excel.build_addin
' Needs: pip install "xlproduction[excel]"  then  xlwings addin install  (once), and a restart of Excel.
Option Explicit

Private Const RUN_PYTHON As String = "'xlwings.xlam'!RunPython"

Private Sub RunEntryPoint(ByVal entryPoint As String, Optional ByVal args As String = "")
    On Error GoTo NoXlwings
    Application.Run RUN_PYTHON, "import xlproduction.excel.entry_points as ep; ep." & entryPoint & "(" & args & ")"
    Exit Sub
NoXlwings:
    MsgBox "xlproduction runs Python through the xlwings add-in, which Excel could not reach." & vbCrLf & _
        "Fix: in a terminal run  pip install ""xlproduction[excel]""  then  xlwings addin install" & vbCrLf & _
        "and restart Excel." & vbCrLf & vbCrLf & "(" & Err.Description & ")", vbExclamation, "xlproduction"
End Sub

Public Sub OnCheck(control As IRibbonControl)
    RunEntryPoint "check"
End Sub

Public Sub OnCallSheet(control As IRibbonControl)
    RunEntryPoint "callsheet"
End Sub

Public Sub OnCallSheetsAll(control As IRibbonControl)
    RunEntryPoint "callsheets_all"
End Sub

Public Sub OnPublish(control As IRibbonControl)
    RunEntryPoint "publish"
End Sub

Public Sub OnDood(control As IRibbonControl)
    RunEntryPoint "dood"
End Sub

Public Sub OnCrewList(control As IRibbonControl)
    RunEntryPoint "crew_list"
End Sub

Public Sub OnCalendar(control As IRibbonControl)
    RunEntryPoint "calendar"
End Sub

Public Sub OnCostReport(control As IRibbonControl)
    RunEntryPoint "cost_report"
End Sub

Public Sub OnOptimize(control As IRibbonControl)
    RunEntryPoint "optimize"
End Sub

Public Sub OnFinancePack(control As IRibbonControl)
    RunEntryPoint "finance_pack"
End Sub

Public Sub OnTransport(control As IRibbonControl)
    RunEntryPoint "transport"
End Sub

Public Sub OnDerivePickups(control As IRibbonControl)
    RunEntryPoint "derive_pickups"
End Sub

Public Sub OnRoomingList(control As IRibbonControl)
    RunEntryPoint "rooming_list"
End Sub

Public Sub OnTravel(control As IRibbonControl)
    RunEntryPoint "travel"
End Sub

Public Sub OnPerDiems(control As IRibbonControl)
    RunEntryPoint "per_diems"
End Sub

' The file picker is Excel's own (Python has no window to open one from); the chosen path goes to Python as a
' string literal, its backslashes and quotes escaped.
Public Sub OnImportScript(control As IRibbonControl)
    Dim picked As Variant
#If Mac Then
    picked = Application.GetOpenFilename()
#Else
    picked = Application.GetOpenFilename("Screenplays (*.fdx;*.fountain;*.txt),*.fdx;*.fountain;*.txt", , _
        "Import script: choose the Final Draft or Fountain file")
#End If
    If VarType(picked) = vbBoolean Then Exit Sub
    RunEntryPoint "import_script", "path='" & Replace(Replace(CStr(picked), "\", "\\"), "'", "\'") & "'"
End Sub

Public Sub OnImportUss(control As IRibbonControl)
    Dim picked As Variant
#If Mac Then
    picked = Application.GetOpenFilename()
#Else
    picked = Application.GetOpenFilename("Universal Schedule Standard (*.uss;*.json),*.uss;*.json", , _
        "Import USS: choose the schedule your scheduler exported")
#End If
    If VarType(picked) = vbBoolean Then Exit Sub
    RunEntryPoint "import_uss", "path='" & Replace(Replace(CStr(picked), "\", "\\"), "'", "\'") & "'"
End Sub

Public Sub OnExportUss(control As IRibbonControl)
    RunEntryPoint "export_uss"
End Sub

Public Sub OnTasks(control As IRibbonControl)
    RunEntryPoint "tasks"
End Sub
