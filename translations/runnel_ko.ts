<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AlarmDialog</name>
    <message>
        <source>Create alarm</source>
        <translation>경보 생성</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>e.g. orders-bytes-in-high</source>
        <translation>예: orders-bytes-in-high</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>설명(&amp;D):</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>지표(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Statistic:</source>
        <translation>통계(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>기간(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Whenever the metric is:</source>
        <translation>지표 조건(&amp;W):</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>임계값</translation>
    </message>
    <message>
        <source>Datapoints to &amp;alarm:</source>
        <translation>경보 데이터 포인트(&amp;A):</translation>
    </message>
    <message>
        <source>out of</source>
        <translation>/</translation>
    </message>
    <message>
        <source>Periods evaluated</source>
        <translation>평가 기간 수</translation>
    </message>
    <message>
        <source>periods</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Missing &amp;data:</source>
        <translation>누락된 데이터(&amp;D):</translation>
    </message>
</context>
<context>
    <name>ClientInfo</name>
    <message>
        <source>list brokers and topics</source>
        <translation>브로커와 토픽 목록 보기</translation>
    </message>
    <message>
        <source>produce lines from stdin to a topic</source>
        <translation>표준 입력의 줄을 토픽으로 생산</translation>
    </message>
    <message>
        <source>consume a topic from the beginning</source>
        <translation>토픽을 처음부터 소비</translation>
    </message>
    <message>
        <source>Java reads a PEM key store as one file holding the key and the chain</source>
        <translation>Java는 PEM 키 저장소를 키와 인증서 체인을 담은 한 파일로 읽습니다</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Enter at least one bootstrap server as host:port.</source>
        <translation>부트스트랩 서버를 host:port 형식으로 하나 이상 입력하세요.</translation>
    </message>
    <message>
        <source>The setting %1 was refused by the Kafka client: %2</source>
        <translation>Kafka 클라이언트가 설정 %1을(를) 거부했습니다: %2</translation>
    </message>
    <message>
        <source>The Kafka client could not start: %1</source>
        <translation>Kafka 클라이언트를 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>No broker answered within %1 s (%2). Check the bootstrap address, that the cluster is running, and the security protocol.</source>
        <translation>%1초 안에 응답한 브로커가 없습니다(%2). 부트스트랩 주소, 클러스터 실행 여부, 보안 프로토콜을 확인하세요.</translation>
    </message>
    <message>
        <source>The cluster refused the credentials (%1). Check the user name, password and mechanism.</source>
        <translation>클러스터가 자격 증명을 거부했습니다(%1). 사용자 이름, 비밀번호, 메커니즘을 확인하세요.</translation>
    </message>
    <message>
        <source>The TLS handshake failed (%1). Check the CA file and the client certificate and key.</source>
        <translation>TLS 핸드셰이크에 실패했습니다(%1). CA 파일과 클라이언트 인증서 및 키를 확인하세요.</translation>
    </message>
    <message>
        <source>The metadata request failed: %1</source>
        <translation>메타데이터 요청이 실패했습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n broker(s), %1 topic(s).</source>
        <translation>
            <numerusform>연결됨: 브로커 %n개, 토픽 %1개.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&quot;%1&quot; is not a time. Write it as 2026-11-25 14:30:00 (local time) or as milliseconds since 1970.</source>
        <translation>&quot;%1&quot;은(는) 시간이 아닙니다. 2026-11-25 14:30:00(현지 시간) 또는 1970년 이후 밀리초로 입력하세요.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a whole number.</source>
        <translation>&quot;%1&quot;은(는) 정수가 아닙니다.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an offset: write a whole number of 0 or more.</source>
        <translation>&quot;%1&quot;은(는) 오프셋이 아닙니다. 0 이상의 정수를 입력하세요.</translation>
    </message>
    <message>
        <source>Line %1 (&quot;%2&quot;) is not of the form key=value.</source>
        <translation>%1번째 줄(&quot;%2&quot;)이 key=value 형식이 아닙니다.</translation>
    </message>
    <message>
        <source>Select a consumer group to see its lag over time.</source>
        <translation>컨슈머 그룹을 선택하면 시간에 따른 지연을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>컨슈머 그룹</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclDialog</name>
    <message>
        <source>Create ACL</source>
        <translation>ACL 생성</translation>
    </message>
    <message>
        <source>orders, orders- (PREFIXED), * for all</source>
        <translation>orders, orders-(PREFIXED), *(전체)</translation>
    </message>
    <message>
        <source>User:alice, User:* for everyone</source>
        <translation>User:alice, User:*(전체)</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>리소스 유형</translation>
    </message>
    <message>
        <source>Resource name</source>
        <translation>리소스 이름</translation>
    </message>
    <message>
        <source>Pattern type</source>
        <translation>패턴 유형</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>보안 주체</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>권한</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>생성</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclModel</name>
    <message>
        <source>Resource type</source>
        <translation>리소스 유형</translation>
    </message>
    <message>
        <source>Resource name</source>
        <translation>리소스 이름</translation>
    </message>
    <message>
        <source>Pattern type</source>
        <translation>패턴 유형</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>보안 주체</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>권한</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AclsPage</name>
    <message>
        <source>Filter by resource, principal, operation…</source>
        <translation>리소스, 보안 주체, 작업으로 필터…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Create ACL…</source>
        <translation>ACL 생성…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>What-if check</source>
        <translation>가상 권한 검사</translation>
    </message>
    <message>
        <source>allow.everyone.if.no.acl.found</source>
        <translation>allow.everyone.if.no.acl.found</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>검사</translation>
    </message>
    <message>
        <source>Can principal</source>
        <translation>보안 주체</translation>
    </message>
    <message>
        <source>do operation</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>on resource type</source>
        <translation>리소스 유형</translation>
    </message>
    <message>
        <source>named</source>
        <translation>리소스 이름</translation>
    </message>
    <message>
        <source>from host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>Super users</source>
        <translation>슈퍼 사용자</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message numerus="yes">
        <source>%n ACL(s).</source>
        <translation>
            <numerusform>ACL %n개.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not list the ACLs: %1</source>
        <translation>ACL 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>ACL created.</source>
        <translation>ACL을 생성했습니다.</translation>
    </message>
    <message>
        <source>ACL deleted.</source>
        <translation>ACL을 삭제했습니다.</translation>
    </message>
    <message>
        <source>Could not create the ACL: %1</source>
        <translation>ACL을 생성할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Could not delete the ACL: %1</source>
        <translation>ACL을 삭제할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Creating the ACL…</source>
        <translation>ACL 생성 중…</translation>
    </message>
    <message>
        <source>Deleting the ACL…</source>
        <translation>ACL 삭제 중…</translation>
    </message>
    <message>
        <source>Delete ACLs</source>
        <translation>ACL 삭제</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n ACL(s)? Clients they allowed lose that access.</source>
        <translation>
            <numerusform>ACL %n개를 삭제할까요? 이 ACL이 허용하던 클라이언트는 해당 액세스 권한을 잃습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmDialog</name>
    <message>
        <source>Greater than</source>
        <translation>보다 큼</translation>
    </message>
    <message>
        <source>Greater than or equal to</source>
        <translation>크거나 같음</translation>
    </message>
    <message>
        <source>Less than</source>
        <translation>보다 작음</translation>
    </message>
    <message>
        <source>Less than or equal to</source>
        <translation>작거나 같음</translation>
    </message>
    <message>
        <source>Treat as missing</source>
        <translation>누락으로 처리</translation>
    </message>
    <message>
        <source>Treat as good (not breaching)</source>
        <translation>양호로 처리(임계값 위반 아님)</translation>
    </message>
    <message>
        <source>Treat as bad (breaching)</source>
        <translation>불량으로 처리(임계값 위반)</translation>
    </message>
    <message>
        <source>Ignore (keep the state)</source>
        <translation>무시(현재 상태 유지)</translation>
    </message>
    <message>
        <source>No metric has reported data yet; an alarm needs a metric to watch.</source>
        <translation>아직 데이터를 보고한 지표가 없습니다. 경보에는 감시할 지표가 필요합니다.</translation>
    </message>
    <message>
        <source>Enter the threshold the metric is compared with.</source>
        <translation>지표와 비교할 임계값을 입력하세요.</translation>
    </message>
    <message>
        <source>“%1” is not a number; enter the threshold as a number such as %2.</source>
        <translation>“%1”은(는) 숫자가 아닙니다. 임계값을 %2처럼 숫자로 입력하세요.</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>최소</translation>
    </message>
    <message>
        <source>Sample count</source>
        <translation>샘플 수</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmHistoryModel</name>
    <message>
        <source>State update</source>
        <translation>상태 업데이트</translation>
    </message>
    <message>
        <source>Configuration update</source>
        <translation>구성 업데이트</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>경보</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmInfo</name>
    <message>
        <source>Give the alarm a name.</source>
        <translation>경보 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>An alarm name has at most 255 characters.</source>
        <translation>경보 이름은 최대 255자입니다.</translation>
    </message>
    <message>
        <source>An alarm name may not contain control characters.</source>
        <translation>경보 이름에는 제어 문자를 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>An alarm named “%1” already exists; choose another name.</source>
        <translation>“%1”(이)라는 경보가 이미 있습니다. 다른 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Choose the metric the alarm watches.</source>
        <translation>경보가 감시할 지표를 선택하세요.</translation>
    </message>
    <message>
        <source>Choose how the metric is compared with the threshold.</source>
        <translation>지표를 임계값과 비교할 방법을 선택하세요.</translation>
    </message>
    <message>
        <source>The threshold must be a number.</source>
        <translation>임계값은 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>Choose the period over which the metric is aggregated.</source>
        <translation>지표를 집계할 기간을 선택하세요.</translation>
    </message>
    <message>
        <source>The alarm must look at one period or more.</source>
        <translation>경보는 기간을 하나 이상 평가해야 합니다.</translation>
    </message>
    <message>
        <source>The periods that must breach (%1) must be between 1 and the periods evaluated (%2).</source>
        <translation>위반해야 하는 기간 수(%1)는 1 이상, 평가 기간 수(%2) 이하여야 합니다.</translation>
    </message>
    <message>
        <source>The periods evaluated may cover at most one week; use fewer or shorter periods.</source>
        <translation>평가 기간은 최대 1주일까지만 포함할 수 있습니다. 기간 수를 줄이거나 더 짧은 기간을 사용하세요.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarms reply has no MetricAlarms list.</source>
        <translation>에이전트의 DescribeAlarms 응답에 MetricAlarms 목록이 없습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarms reply has an alarm without a name.</source>
        <translation>에이전트의 DescribeAlarms 응답에 이름이 없는 경보가 있습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarmHistory reply has no AlarmHistoryItems list.</source>
        <translation>에이전트의 DescribeAlarmHistory 응답에 AlarmHistoryItems 목록이 없습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s DescribeAlarmHistory reply has an item without an alarm name or a readable time.</source>
        <translation>에이전트의 DescribeAlarmHistory 응답에 경보 이름이나 읽을 수 있는 시간이 없는 항목이 있습니다.</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4 for %5 of %6 periods of %7</source>
        <translation>%1 %2 %3 %4, %7 기간 %6개 중 %5개</translation>
    </message>
    <message>
        <source>In alarm</source>
        <translation>경보 상태</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>정상</translation>
    </message>
    <message>
        <source>Insufficient data</source>
        <translation>데이터 부족</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>조건</translation>
    </message>
    <message>
        <source>Last state update</source>
        <translation>마지막 상태 업데이트</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmNotifier</name>
    <message>
        <source>Runnel alarms</source>
        <translation>Runnel 경보</translation>
    </message>
    <message>
        <source>Alarm “%1” is in ALARM</source>
        <translation>경보 “%1”이(가) ALARM 상태입니다</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AlarmsPanel</name>
    <message>
        <source>&amp;Create alarm…</source>
        <translation>경보 생성(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>경보</translation>
    </message>
    <message>
        <source>Alarm history</source>
        <translation>경보 기록</translation>
    </message>
    <message>
        <source>History of all alarms</source>
        <translation>모든 경보의 기록</translation>
    </message>
    <message>
        <source>Alarms could not be loaded: %1</source>
        <translation>경보를 불러올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>History of “%1”</source>
        <translation>“%1”의 기록</translation>
    </message>
    <message>
        <source>Alarm history could not be loaded: %1</source>
        <translation>경보 기록을 불러올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Delete alarm</source>
        <translation>경보 삭제</translation>
    </message>
    <message>
        <source>Delete the alarm “%1” and its history?</source>
        <translation>경보 “%1”과(와) 그 기록을 삭제할까요?</translation>
    </message>
    <message>
        <source>The alarm “%1” could not be deleted: %2</source>
        <translation>경보 “%1”을(를) 삭제할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>The alarm “%1” could not be created: %2</source>
        <translation>경보 “%1”을(를) 만들 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AuditModel</name>
    <message>
        <source>Success</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>매개변수: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>호출자</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>클러스터</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
</context>
<context>
    <name>runnel::ui::AuditView</name>
    <message>
        <source>Audit log</source>
        <translation>감사 로그</translation>
    </message>
    <message>
        <source>Every change made through the agent — accepted or refused — with its caller and parameters (secrets redacted).</source>
        <translation>에이전트를 통한 모든 변경(수락 또는 거부)과 그 호출자 및 매개변수(비밀 값은 가림).</translation>
    </message>
    <message>
        <source>All operations</source>
        <translation>모든 작업</translation>
    </message>
    <message>
        <source>All results</source>
        <translation>모든 결과</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Refused or failed</source>
        <translation>거부 또는 실패</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>클러스터</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON 내보내기…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Could not read the audit log: %1</source>
        <translation>감사 로그를 읽을 수 없습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>이벤트 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>감사 로그 내보내기</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1.</source>
        <translation>
            <numerusform>이벤트 %n개를 %1(으)로 내보냈습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerLogDialog</name>
    <message>
        <source>Follow</source>
        <translation>따라가기</translation>
    </message>
    <message>
        <source>Log — %1</source>
        <translation>로그 — %1</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>모든 수준</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>정보 이상</translation>
    </message>
    <message>
        <source>Warnings and above</source>
        <translation>경고 이상</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>오류만</translation>
    </message>
    <message>
        <source>Filter lines</source>
        <translation>줄 필터</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>수준:</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n line(s)</source>
        <translation>
            <numerusform>%1 — %n줄</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerLogModel</name>
    <message>
        <source>Debug</source>
        <translation>디버그</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>치명적</translation>
    </message>
</context>
<context>
    <name>runnel::ui::BrokerModel</name>
    <message>
        <source>Starting</source>
        <translation>시작 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>중지 중</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>컨트롤러</translation>
    </message>
    <message>
        <source>Leaders</source>
        <translation>리더</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>Disk used</source>
        <translation>디스크 사용량</translation>
    </message>
    <message>
        <source>CPU (user)</source>
        <translation>CPU(사용자)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>재시작</translation>
    </message>
    <message>
        <source>&lt; 0.01 %</source>
        <translation>0.01% 미만</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CertificatesPage</name>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>폴더 %1을(를) 만들 수 없습니다.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Cluster certificate authority</source>
        <translation>클러스터 인증 기관</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Copy PEM</source>
        <translation>PEM 복사</translation>
    </message>
    <message>
        <source>Export PEM…</source>
        <translation>PEM 내보내기…</translation>
    </message>
    <message>
        <source>Export the cluster CA</source>
        <translation>클러스터 CA 내보내기</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem)</source>
        <translation>PEM 인증서 (*.pem)</translation>
    </message>
    <message>
        <source>Issue a client certificate</source>
        <translation>클라이언트 인증서 발급</translation>
    </message>
    <message>
        <source>e.g. billing-service</source>
        <translation>예: billing-service</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Folder for the files</source>
        <translation>파일을 저장할 폴더</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>발급</translation>
    </message>
    <message>
        <source>Common name</source>
        <translation>일반 이름(CN)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Broker certificates</source>
        <translation>브로커 인증서</translation>
    </message>
    <message>
        <source>Rotate broker certificates…</source>
        <translation>브로커 인증서 교체…</translation>
    </message>
    <message>
        <source>New keys and certificates from the same CA; each broker restarts in turn, so clients that trust the CA keep working.</source>
        <translation>같은 CA에서 새 키와 인증서를 만듭니다. 브로커가 차례로 재시작하므로 CA를 신뢰하는 클라이언트는 계속 동작합니다.</translation>
    </message>
    <message>
        <source>No certificate authority: %1</source>
        <translation>인증 기관 없음: %1</translation>
    </message>
    <message>
        <source>Subject: %1
Valid from %2 to %3
SHA-256: %4</source>
        <translation>주체: %1
유효 기간: %2 ~ %3
SHA-256: %4</translation>
    </message>
    <message>
        <source>The CA&apos;s PEM is on the clipboard.</source>
        <translation>CA의 PEM을 클립보드에 복사했습니다.</translation>
    </message>
    <message>
        <source>The CA is not loaded yet.</source>
        <translation>CA를 아직 불러오지 않았습니다.</translation>
    </message>
    <message>
        <source>The CA is saved in %1.</source>
        <translation>CA를 %1에 저장했습니다.</translation>
    </message>
    <message>
        <source>The common name has 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos; and starts with a letter or digit.</source>
        <translation>일반 이름은 영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;@&apos;, &apos;-&apos;로 된 1~64자이며 영문자나 숫자로 시작합니다.</translation>
    </message>
    <message>
        <source>Choose the folder for the certificate&apos;s files.</source>
        <translation>인증서 파일을 저장할 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Issuing…</source>
        <translation>발급 중…</translation>
    </message>
    <message>
        <source>Could not issue a certificate for %1: %2</source>
        <translation>%1의 인증서를 발급할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Issued. The brokers see this client as %1.
Files in %2: %3.pem, %3-key.pem (only you can read it) and ca.pem.</source>
        <translation>발급했습니다. 브로커는 이 클라이언트를 %1(으)로 인식합니다.
%2의 파일: %3.pem, %3-key.pem(본인만 읽을 수 있음), ca.pem.</translation>
    </message>
    <message>
        <source>Rotate broker certificates</source>
        <translation>브로커 인증서 교체</translation>
    </message>
    <message>
        <source>Issue new broker certificates and restart the brokers one by one?</source>
        <translation>새 브로커 인증서를 발급하고 브로커를 하나씩 재시작할까요?</translation>
    </message>
    <message>
        <source>Starting the rotation…</source>
        <translation>교체를 시작하는 중…</translation>
    </message>
    <message>
        <source>Could not rotate the certificates: %1</source>
        <translation>인증서를 교체할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Could not read the progress: %1</source>
        <translation>진행 상황을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Every broker runs with its new certificate.</source>
        <translation>모든 브로커가 새 인증서로 실행 중입니다.</translation>
    </message>
    <message>
        <source>The rotation failed: %1</source>
        <translation>교체가 실패했습니다: %1</translation>
    </message>
    <message>
        <source>Rotating…</source>
        <translation>교체 중…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClientInfoDialog</name>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Client information — %1</source>
        <translation>클라이언트 정보 — %1</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>부트스트랩 서버</translation>
    </message>
    <message>
        <source>librdkafka properties</source>
        <translation>librdkafka 속성</translation>
    </message>
    <message>
        <source>Java properties</source>
        <translation>Java 속성</translation>
    </message>
    <message>
        <source>Python (confluent-kafka)</source>
        <translation>Python (confluent-kafka)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterListModel</name>
    <message>
        <source>Active</source>
        <translation>활성</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>생성 중</translation>
    </message>
    <message>
        <source>Updating</source>
        <translation>업데이트 중</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>유지 관리</translation>
    </message>
    <message>
        <source>Rebooting broker</source>
        <translation>브로커 재부팅 중</translation>
    </message>
    <message>
        <source>Healing</source>
        <translation>복구 중</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>삭제 중</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Reachable</source>
        <translation>연결 가능</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>연결 불가</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>테스트 안 함</translation>
    </message>
    <message>
        <source>External connection %1 (%2)</source>
        <translation>외부 연결 %1 (%2)</translation>
    </message>
    <message>
        <source>Local cluster %1</source>
        <translation>로컬 클러스터 %1</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>클러스터</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>부트스트랩 서버</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterPage</name>
    <message>
        <source>Plaintext, unauthenticated</source>
        <translation>평문, 인증 없음</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>SASL over plaintext</source>
        <translation>평문 위 SASL</translation>
    </message>
    <message>
        <source>SASL over TLS</source>
        <translation>TLS 위 SASL</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>View client information</source>
        <translation>클라이언트 정보 보기</translation>
    </message>
    <message>
        <source>Update configuration…</source>
        <translation>구성 업데이트…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>제거…</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>클러스터</translation>
    </message>
    <message>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성 시각</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>구성</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>데이터 디렉터리</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>부트스트랩 서버</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation>평문</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>Operation in progress</source>
        <translation>진행 중인 작업</translation>
    </message>
    <message>
        <source>Recent operations</source>
        <translation>최근 작업</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>재부팅</translation>
    </message>
    <message>
        <source>Restart the selected broker (RebootBroker)</source>
        <translation>선택한 브로커를 재시작합니다(RebootBroker)</translation>
    </message>
    <message>
        <source>Kill (fault lab)</source>
        <translation>강제 종료(장애 실험)</translation>
    </message>
    <message>
        <source>Send SIGKILL to the selected broker&apos;s process; the agent heals it</source>
        <translation>선택한 브로커 프로세스에 SIGKILL을 보냅니다. 에이전트가 복구합니다</translation>
    </message>
    <message>
        <source>View log</source>
        <translation>로그 보기</translation>
    </message>
    <message>
        <source>Leader and partition counts, disk, CPU and memory appear when the agent reports broker metrics; until then they show “—”.</source>
        <translation>리더·파티션 수, 디스크, CPU, 메모리는 에이전트가 브로커 지표를 보고하면 표시되며, 그 전에는 “—”로 표시됩니다.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>보안</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>System certificate store</source>
        <translation>시스템 인증서 저장소</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 인증서</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>아직 테스트하지 않았습니다.</translation>
    </message>
    <message>
        <source>Runnel defaults</source>
        <translation>Runnel 기본값</translation>
    </message>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, 개정 %2</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <source>Broker %1 is not running, so there is no process to kill.</source>
        <translation>브로커 %1이(가) 실행 중이 아니어서 종료할 프로세스가 없습니다.</translation>
    </message>
    <message>
        <source>Process %1 is no longer broker %2; refresh and try again.</source>
        <translation>프로세스 %1은(는) 더 이상 브로커 %2이(가) 아닙니다. 새로 고친 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Could not kill process %1: %2</source>
        <translation>프로세스 %1을(를) 종료할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Broker %1 (process %2) was killed; the agent will heal it.</source>
        <translation>브로커 %1(프로세스 %2)을(를) 종료했습니다. 에이전트가 복구합니다.</translation>
    </message>
    <message>
        <source>Kill broker</source>
        <translation>브로커 강제 종료</translation>
    </message>
    <message>
        <source>Select a broker first.</source>
        <translation>먼저 브로커를 선택하세요.</translation>
    </message>
    <message>
        <source>Kill broker %1 of %2 with SIGKILL (process %3)? Clients lose their connections to it; the agent detects the exit and heals the broker (HEALING, then ACTIVE).</source>
        <translation>%2의 브로커 %1을(를) SIGKILL로 종료할까요(프로세스 %3)? 클라이언트 연결이 끊기며, 에이전트가 종료를 감지해 브로커를 복구합니다(HEALING 후 ACTIVE).</translation>
    </message>
    <message>
        <source>Reboot broker</source>
        <translation>브로커 재부팅</translation>
    </message>
    <message>
        <source>Reboot broker %1 of %2? It stops cleanly and starts again with the same data.</source>
        <translation>%2의 브로커 %1을(를) 재부팅할까요? 정상적으로 중지한 뒤 같은 데이터로 다시 시작합니다.</translation>
    </message>
    <message>
        <source>Broker log</source>
        <translation>브로커 로그</translation>
    </message>
    <message>
        <source>%1 — broker %2</source>
        <translation>%1 — 브로커 %2</translation>
    </message>
    <message>
        <source>Not enabled on this cluster</source>
        <translation>이 클러스터에서 사용하지 않음</translation>
    </message>
    <message>
        <source>Delete cluster</source>
        <translation>클러스터 삭제</translation>
    </message>
    <message>
        <source>Deleting cluster %1…</source>
        <translation>클러스터 %1 삭제 중…</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>연결을 테스트하는 중…</translation>
    </message>
    <message>
        <source>Broker %1 at %2:%3</source>
        <translation>브로커 %1 — %2:%3</translation>
    </message>
    <message>
        <source>Cluster id: %1</source>
        <translation>클러스터 ID: %1</translation>
    </message>
    <message>
        <source>Not enabled</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <source>ACLs</source>
        <translation>ACL</translation>
    </message>
    <message>
        <source>Update storage…</source>
        <translation>스토리지 업데이트…</translation>
    </message>
    <message>
        <source>Storage per broker</source>
        <translation>브로커당 스토리지</translation>
    </message>
    <message>
        <source>Empty while the cluster has no %1 listener; the cluster&apos;s security settings (chosen at creation) decide which exist.</source>
        <translation>클러스터에 %1 리스너가 없으면 비어 있습니다. 어떤 리스너가 있는지는 클러스터의 보안 설정(생성 시 선택)이 정합니다.</translation>
    </message>
    <message>
        <source>%1 GiB (EBS volume)</source>
        <translation>%1GiB (EBS 볼륨)</translation>
    </message>
    <message>
        <source>%1 MiB (EBS volume)</source>
        <translation>%1MiB (EBS 볼륨)</translation>
    </message>
    <message>
        <source>Broker count…</source>
        <translation>브로커 수…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ClusterSettingsModel</name>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Editable after creation</source>
        <translation>생성 후 변경 가능</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ConnectionDialog</name>
    <message>
        <source>Edit connection</source>
        <translation>연결 편집</translation>
    </message>
    <message>
        <source>Add external cluster</source>
        <translation>외부 클러스터 추가</translation>
    </message>
    <message>
        <source>for example staging MSK</source>
        <translation>예: staging MSK</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Bootstrap servers</source>
        <translation>부트스트랩 서버</translation>
    </message>
    <message>
        <source>Plaintext</source>
        <translation>평문</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>SASL over plaintext</source>
        <translation>평문 위 SASL</translation>
    </message>
    <message>
        <source>SASL over TLS</source>
        <translation>TLS 위 SASL</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>보안</translation>
    </message>
    <message>
        <source>SASL mechanism</source>
        <translation>SASL 메커니즘</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA 인증서(PEM)</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 인증서</translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation>클라이언트 인증서(PEM)</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>클라이언트 인증서</translation>
    </message>
    <message>
        <source>Client key (PEM)</source>
        <translation>클라이언트 키(PEM)</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>클라이언트 키</translation>
    </message>
    <message>
        <source>empty: the system&apos;s certificate store</source>
        <translation>비워 두면 시스템 인증서 저장소 사용</translation>
    </message>
    <message>
        <source>only for TLS client authentication</source>
        <translation>TLS 클라이언트 인증에만 필요</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 파일 (*.pem *.crt *.key);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Enter at least one bootstrap server as host:port.</source>
        <translation>부트스트랩 서버를 host:port 형식으로 하나 이상 입력하세요.</translation>
    </message>
    <message>
        <source>“%1” is not host:port.</source>
        <translation>“%1”은(는) host:port 형식이 아닙니다.</translation>
    </message>
    <message>
        <source>Enter the SASL user name.</source>
        <translation>SASL 사용자 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Enter the SASL password.</source>
        <translation>SASL 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>파일 %1을(를) 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>A client certificate needs its key, and a key its certificate.</source>
        <translation>클라이언트 인증서에는 키가, 키에는 인증서가 함께 필요합니다.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already.</source>
        <translation>%1(이)라는 연결이 이미 있습니다.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>연결을 테스트하는 중…</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ConnectionStore</name>
    <message>
        <source>Give the connection a name.</source>
        <translation>연결 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A connection name has up to 64 letters, digits, spaces, dots, hyphens or underscores, and starts with a letter or digit.</source>
        <translation>연결 이름은 문자, 숫자, 공백, 점, 하이픈, 밑줄로 최대 64자이며 문자나 숫자로 시작해야 합니다.</translation>
    </message>
    <message>
        <source>Saved. This connection has no password to keep.</source>
        <translation>저장했습니다. 이 연결에는 보관할 비밀번호가 없습니다.</translation>
    </message>
    <message>
        <source>Saved without the password: no keychain was found (install libsecret-tools and a Secret Service such as GNOME Keyring). The password is kept for this session only.</source>
        <translation>비밀번호 없이 저장했습니다: 키체인을 찾지 못했습니다(libsecret-tools와 GNOME Keyring 같은 Secret Service를 설치하세요). 비밀번호는 이번 세션 동안만 보관합니다.</translation>
    </message>
    <message>
        <source>Runnel connection %1</source>
        <translation>Runnel 연결 %1</translation>
    </message>
    <message>
        <source>Saved; the password is in your keychain.</source>
        <translation>저장했습니다. 비밀번호는 키체인에 있습니다.</translation>
    </message>
    <message>
        <source>Saved without the password: the keychain refused it (%1). The password is kept for this session only.</source>
        <translation>비밀번호 없이 저장했습니다: 키체인이 거부했습니다(%1). 비밀번호는 이번 세션 동안만 보관합니다.</translation>
    </message>
    <message>
        <source>Saved without the password: secret-tool could not start. The password is kept for this session only.</source>
        <translation>비밀번호 없이 저장했습니다: secret-tool을 시작할 수 없습니다. 비밀번호는 이번 세션 동안만 보관합니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CreateClusterWizard</name>
    <message>
        <source>Create cluster</source>
        <translation>클러스터 생성</translation>
    </message>
    <message>
        <source>Enter a cluster name.</source>
        <translation>클러스터 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A cluster name has 1 to 64 letters, digits or hyphens and starts with a letter or digit.</source>
        <translation>클러스터 이름은 문자, 숫자, 하이픈으로 1~64자이며 문자나 숫자로 시작해야 합니다.</translation>
    </message>
    <message>
        <source>Choose how much to decide now. Everything can be reviewed before the cluster is created.</source>
        <translation>지금 얼마나 정할지 고르세요. 클러스터를 만들기 전에 모든 설정을 검토할 수 있습니다.</translation>
    </message>
    <message>
        <source>Quick create</source>
        <translation>빠른 생성</translation>
    </message>
    <message>
        <source>Custom create</source>
        <translation>사용자 지정 생성</translation>
    </message>
    <message>
        <source>A name is all it takes: recommended defaults for everything else, ACTIVE in seconds.</source>
        <translation>이름만 정하면 됩니다. 나머지는 권장 기본값이며, 몇 초 안에 ACTIVE가 됩니다.</translation>
    </message>
    <message>
        <source>MSK&apos;s five steps: cluster settings, networking, security, monitoring, review.</source>
        <translation>MSK의 5단계: 클러스터 설정, 네트워킹, 보안, 모니터링, 검토.</translation>
    </message>
    <message>
        <source>Name the cluster; the other settings take the defaults below.</source>
        <translation>클러스터 이름을 정하세요. 나머지 설정은 아래 기본값을 따릅니다.</translation>
    </message>
    <message>
        <source>for example orders</source>
        <translation>예: orders</translation>
    </message>
    <message>
        <source>Cluster name</source>
        <translation>클러스터 이름</translation>
    </message>
    <message>
        <source>All cluster settings</source>
        <translation>모든 클러스터 설정</translation>
    </message>
    <message>
        <source>Step 1 of 5: Cluster settings</source>
        <translation>1/5단계: 클러스터 설정</translation>
    </message>
    <message>
        <source>Name, engine, brokers, storage and configuration.</source>
        <translation>이름, 엔진, 브로커, 스토리지, 구성.</translation>
    </message>
    <message>
        <source>Engine version</source>
        <translation>엔진 버전</translation>
    </message>
    <message>
        <source>runneld %1 (Kafka wire protocol)</source>
        <translation>runneld %1 (Kafka 와이어 프로토콜)</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Zones (broker racks)</source>
        <translation>영역(브로커 랙)</translation>
    </message>
    <message>
        <source>One rack — not configurable yet</source>
        <translation>랙 1개 — 아직 설정할 수 없음</translation>
    </message>
    <message>
        <source>Storage per broker</source>
        <translation>브로커당 스토리지</translation>
    </message>
    <message>
        <source>Runnel defaults</source>
        <translation>Runnel 기본값</translation>
    </message>
    <message>
        <source>A saved configuration</source>
        <translation>저장된 구성</translation>
    </message>
    <message>
        <source>Custom server.properties</source>
        <translation>사용자 지정 server.properties</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>구성</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>최신</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>개정</translation>
    </message>
    <message>
        <source>Saved configuration</source>
        <translation>저장된 구성</translation>
    </message>
    <message>
        <source>server.properties</source>
        <translation>server.properties</translation>
    </message>
    <message>
        <source>There is no saved configuration yet; create one from a cluster&apos;s “Update configuration”, or write server.properties here.</source>
        <translation>아직 저장된 구성이 없습니다. 클러스터의 “구성 업데이트”에서 만들거나 여기에 server.properties를 작성하세요.</translation>
    </message>
    <message>
        <source>Line %1 is not key=value.</source>
        <translation>%1번째 줄이 key=value 형식이 아닙니다.</translation>
    </message>
    <message>
        <source>Line %1: %2 is set by the agent for each broker; remove it.</source>
        <translation>%1번째 줄: %2은(는) 에이전트가 브로커마다 설정하므로 지우세요.</translation>
    </message>
    <message>
        <source>Step 2 of 5: Networking</source>
        <translation>2/5단계: 네트워킹</translation>
    </message>
    <message>
        <source>Where clients reach the brokers.</source>
        <translation>클라이언트가 브로커에 접속하는 위치.</translation>
    </message>
    <message>
        <source>Bind address</source>
        <translation>바인드 주소</translation>
    </message>
    <message>
        <source>127.0.0.1 — loopback only</source>
        <translation>127.0.0.1 — 루프백 전용</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>9092 (MSK&apos;s plaintext port), or the next free port</source>
        <translation>9092(MSK의 평문 포트) 또는 다음 빈 포트</translation>
    </message>
    <message>
        <source>The agent binds every broker to loopback and picks the ports itself; exposing a cluster on the network is not offered yet, so these are shown, not chosen.</source>
        <translation>에이전트는 모든 브로커를 루프백에 바인드하고 포트를 직접 고릅니다. 클러스터를 네트워크에 노출하는 기능은 아직 없으므로 이 값은 선택이 아니라 표시만 됩니다.</translation>
    </message>
    <message>
        <source>Step 3 of 5: Security</source>
        <translation>3/5단계: 보안</translation>
    </message>
    <message>
        <source>Access control and encryption.</source>
        <translation>액세스 제어와 암호화.</translation>
    </message>
    <message>
        <source>Unauthenticated access</source>
        <translation>인증 없는 액세스</translation>
    </message>
    <message>
        <source>Encryption at rest</source>
        <translation>저장 데이터 암호화</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Step 4 of 5: Monitoring</source>
        <translation>4/5단계: 모니터링</translation>
    </message>
    <message>
        <source>How much the cluster reports.</source>
        <translation>클러스터가 보고하는 정도.</translation>
    </message>
    <message>
        <source>Basic (DEFAULT)</source>
        <translation>기본(DEFAULT)</translation>
    </message>
    <message>
        <source>Per broker (PER_BROKER)</source>
        <translation>브로커별(PER_BROKER)</translation>
    </message>
    <message>
        <source>Per topic per broker (PER_TOPIC_PER_BROKER)</source>
        <translation>브로커별 토픽별(PER_TOPIC_PER_BROKER)</translation>
    </message>
    <message>
        <source>Per topic per partition (PER_TOPIC_PER_PARTITION)</source>
        <translation>파티션별 토픽별(PER_TOPIC_PER_PARTITION)</translation>
    </message>
    <message>
        <source>Enhanced monitoring</source>
        <translation>향상된 모니터링</translation>
    </message>
    <message>
        <source>JMX Exporter</source>
        <translation>JMX Exporter</translation>
    </message>
    <message>
        <source>Node Exporter</source>
        <translation>Node Exporter</translation>
    </message>
    <message>
        <source>Open monitoring with Prometheus</source>
        <translation>Prometheus 오픈 모니터링</translation>
    </message>
    <message>
        <source>These are sent as EnhancedMonitoring and OpenMonitoring. If the agent does not apply them, the console says so once the cluster exists.</source>
        <translation>이 값은 EnhancedMonitoring과 OpenMonitoring으로 전송됩니다. 에이전트가 적용하지 않으면 클러스터가 생성된 뒤 콘솔이 알려 줍니다.</translation>
    </message>
    <message>
        <source>Step 5 of 5: Review and create</source>
        <translation>5/5단계: 검토 및 생성</translation>
    </message>
    <message>
        <source>Check the settings; the same cluster can be created from a terminal with the command below.</source>
        <translation>설정을 확인하세요. 아래 명령으로 터미널에서 같은 클러스터를 만들 수도 있습니다.</translation>
    </message>
    <message>
        <source>Equivalent runnelctl command</source>
        <translation>같은 작업을 하는 runnelctl 명령</translation>
    </message>
    <message>
        <source>aws kafka create-cluster-v2 input (JSON)</source>
        <translation>aws kafka create-cluster-v2 입력(JSON)</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>명령 복사</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON 내보내기…</translation>
    </message>
    <message>
        <source>Creating the cluster</source>
        <translation>클러스터 생성 중</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <source>Cluster %1 is ACTIVE.</source>
        <translation>클러스터 %1이(가) ACTIVE 상태입니다.</translation>
    </message>
    <message>
        <source>Cluster %1 FAILED: %2</source>
        <translation>클러스터 %1 FAILED: %2</translation>
    </message>
    <message>
        <source># with your settings saved as server.properties</source>
        <translation># 설정을 server.properties로 저장한 경우</translation>
    </message>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, 개정 %2</translation>
    </message>
    <message numerus="yes">
        <source>Custom server.properties (%n line(s))</source>
        <translation>
            <numerusform>사용자 지정 server.properties(%n줄)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster type</source>
        <translation>클러스터 유형</translation>
    </message>
    <message>
        <source>Provisioned</source>
        <translation>프로비저닝됨</translation>
    </message>
    <message>
        <source>runneld %1</source>
        <translation>runneld %1</translation>
    </message>
    <message>
        <source>One rack</source>
        <translation>랙 1개</translation>
    </message>
    <message>
        <source>127.0.0.1 (loopback only)</source>
        <translation>127.0.0.1(루프백 전용)</translation>
    </message>
    <message>
        <source>9092, or the next free port</source>
        <translation>9092 또는 다음 빈 포트</translation>
    </message>
    <message>
        <source>Unauthenticated</source>
        <translation>인증 없음</translation>
    </message>
    <message>
        <source>Open monitoring (Prometheus)</source>
        <translation>오픈 모니터링(Prometheus)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>Auto-recovery</source>
        <translation>자동 복구</translation>
    </message>
    <message>
        <source>On: a broker that dies is restarted with its data</source>
        <translation>켬: 중단된 브로커를 데이터와 함께 다시 시작</translation>
    </message>
    <message>
        <source>Export cluster settings</source>
        <translation>클러스터 설정 내보내기</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Asking the agent to create %1…</source>
        <translation>에이전트에 %1 생성을 요청하는 중…</translation>
    </message>
    <message>
        <source>The agent did not create the cluster.</source>
        <translation>에이전트가 클러스터를 만들지 않았습니다.</translation>
    </message>
    <message>
        <source>Creating %1 (%2)…</source>
        <translation>%1 생성 중(%2)…</translation>
    </message>
    <message>
        <source>The agent created the cluster but did not report %1: this agent does not apply those settings yet.</source>
        <translation>에이전트가 클러스터를 만들었지만 %1을(를) 보고하지 않았습니다. 이 에이전트는 아직 해당 설정을 적용하지 않습니다.</translation>
    </message>
    <message>
        <source>With 2 or more brokers, every broker is also a voter of the metadata quorum; 3 or more give topics 3 replicas and min.insync.replicas 2.</source>
        <translation>브로커가 2개 이상이면 모든 브로커가 메타데이터 쿼럼의 투표자도 됩니다. 3개 이상이면 토픽은 복제본 3개와 min.insync.replicas 2를 갖습니다.</translation>
    </message>
    <message>
        <source>Enter the storage size per broker in GiB.</source>
        <translation>브로커당 스토리지 크기를 GiB 단위로 입력하세요.</translation>
    </message>
    <message>
        <source>The storage size is a whole number of GiB from 1 to %1.</source>
        <translation>스토리지 크기는 1부터 %1까지의 정수(GiB)입니다.</translation>
    </message>
    <message>
        <source>The EBS volume size of each broker, as in MSK&apos;s wizard</source>
        <translation>MSK 마법사와 같은, 각 브로커의 EBS 볼륨 크기</translation>
    </message>
    <message>
        <source>GiB (1–%1)</source>
        <translation>GiB (1–%1)</translation>
    </message>
    <message>
        <source>Every broker gets the same size; it can grow later with “Update storage”, never shrink.</source>
        <translation>모든 브로커가 같은 크기를 갖습니다. 나중에 “스토리지 업데이트”로 늘릴 수 있지만 줄일 수는 없습니다.</translation>
    </message>
    <message>
        <source>SASL/SCRAM authentication</source>
        <translation>SASL/SCRAM 인증</translation>
    </message>
    <message>
        <source>TLS client authentication (client certificates)</source>
        <translation>TLS 클라이언트 인증(클라이언트 인증서)</translation>
    </message>
    <message>
        <source>Any client that reaches the brokers may use them (without ACLs).</source>
        <translation>브로커에 접근할 수 있는 모든 클라이언트가 사용할 수 있습니다(ACL 없음).</translation>
    </message>
    <message>
        <source>Users and passwords you create on the cluster&apos;s Security tab (SCRAM-SHA-256 or SCRAM-SHA-512, over TLS).</source>
        <translation>클러스터의 보안 탭에서 만드는 사용자와 비밀번호(SCRAM-SHA-256 또는 SCRAM-SHA-512, TLS 위에서).</translation>
    </message>
    <message>
        <source>Clients present a certificate issued by the cluster&apos;s own certificate authority (Security tab, “Issue client certificate”).</source>
        <translation>클라이언트는 클러스터 자체 인증 기관이 발급한 인증서를 제시합니다(보안 탭, “클라이언트 인증서 발급”).</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>클라이언트 인증</translation>
    </message>
    <message>
        <source>Plaintext only (PLAINTEXT)</source>
        <translation>일반 텍스트만(PLAINTEXT)</translation>
    </message>
    <message>
        <source>TLS encryption only (TLS)</source>
        <translation>TLS 암호화만(TLS)</translation>
    </message>
    <message>
        <source>Both TLS and plaintext (TLS_PLAINTEXT)</source>
        <translation>TLS와 일반 텍스트 모두(TLS_PLAINTEXT)</translation>
    </message>
    <message>
        <source>Encryption between clients and brokers</source>
        <translation>클라이언트와 브로커 간 암호화</translation>
    </message>
    <message>
        <source>Encrypt data between the brokers (TLS)</source>
        <translation>브로커 간 데이터 암호화(TLS)</translation>
    </message>
    <message>
        <source>Encryption within the cluster</source>
        <translation>클러스터 내 암호화</translation>
    </message>
    <message>
        <source>With TLS the agent makes the cluster its own certificate authority; its CA certificate is on the Security tab. A loopback-only cluster is reachable from this computer only.</source>
        <translation>TLS를 쓰면 에이전트가 클러스터를 자체 인증 기관으로 만듭니다. CA 인증서는 보안 탭에 있습니다. 루프백 전용 클러스터는 이 컴퓨터에서만 접근할 수 있습니다.</translation>
    </message>
    <message>
        <source>Choose at least one kind of client authentication.</source>
        <translation>클라이언트 인증 방식을 하나 이상 선택하세요.</translation>
    </message>
    <message>
        <source>SASL/SCRAM and TLS client authentication need TLS between clients and brokers; choose TLS or TLS_PLAINTEXT.</source>
        <translation>SASL/SCRAM 및 TLS 클라이언트 인증에는 클라이언트와 브로커 간 TLS가 필요합니다. TLS 또는 TLS_PLAINTEXT를 선택하세요.</translation>
    </message>
    <message>
        <source># runnelctl always encrypts within the cluster with TLS; only the console or the JSON below turns it off</source>
        <translation># runnelctl은 TLS 사용 시 클러스터 내부를 항상 암호화합니다. 끄려면 콘솔이나 아래 JSON을 사용하세요</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>TLS client certificates</source>
        <translation>TLS 클라이언트 인증서</translation>
    </message>
    <message>
        <source>None chosen</source>
        <translation>선택 안 함</translation>
    </message>
    <message>
        <source>%1 GiB (can grow, never shrinks)</source>
        <translation>%1GiB (늘릴 수 있고 줄일 수 없음)</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Encrypt the brokers&apos; data on disk (AES-256-GCM)</source>
        <translation>디스크의 브로커 데이터 암호화(AES-256-GCM)</translation>
    </message>
    <message>
        <source>The agent keeps the key outside the data directories; it is chosen now and cannot be turned on or off later.</source>
        <translation>에이전트가 키를 데이터 디렉터리 밖에 보관합니다. 지금 선택하며 나중에 켜거나 끌 수 없습니다.</translation>
    </message>
    <message>
        <source>AES-256-GCM, key kept by the agent</source>
        <translation>AES-256-GCM, 키는 에이전트가 보관</translation>
    </message>
</context>
<context>
    <name>runnel::ui::CreateTopicDialog</name>
    <message>
        <source>Give the topic a name.</source>
        <translation>토픽 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</source>
        <translation>토픽 이름으로 &quot;.&quot; 또는 &quot;..&quot;은 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>A topic name can have at most 249 characters.</source>
        <translation>토픽 이름은 최대 249자입니다.</translation>
    </message>
    <message>
        <source>A topic name may use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>토픽 이름에는 영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;만 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>A topic needs at least one partition.</source>
        <translation>토픽에는 파티션이 하나 이상 필요합니다.</translation>
    </message>
    <message>
        <source>The replication factor must be at least 1.</source>
        <translation>복제 계수는 1 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The replication factor (%1) cannot exceed the number of brokers (%2).</source>
        <translation>복제 계수(%1)는 브로커 수(%2)를 넘을 수 없습니다.</translation>
    </message>
    <message>
        <source>A configuration line has no name.</source>
        <translation>구성 줄에 이름이 없습니다.</translation>
    </message>
    <message>
        <source>%1 must be a whole number (or -1 for no limit), not &quot;%2&quot;.</source>
        <translation>%1은(는) &quot;%2&quot;이(가) 아니라 정수(제한 없음은 -1)여야 합니다.</translation>
    </message>
    <message>
        <source>cleanup.policy must be delete, compact or both, not &quot;%1&quot;.</source>
        <translation>cleanup.policy는 &quot;%1&quot;이(가) 아니라 delete, compact 또는 둘 다여야 합니다.</translation>
    </message>
    <message>
        <source>min.insync.replicas (%1) cannot exceed the replication factor (%2).</source>
        <translation>min.insync.replicas(%1)는 복제 계수(%2)를 넘을 수 없습니다.</translation>
    </message>
    <message>
        <source>Create topic</source>
        <translation>토픽 생성</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>파티션(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation>복제 계수(&amp;R):</translation>
    </message>
    <message>
        <source>optional overrides, one per line: retention.ms=86400000</source>
        <translation>선택 재정의, 한 줄에 하나: retention.ms=86400000</translation>
    </message>
    <message>
        <source>&amp;Configuration:</source>
        <translation>구성(&amp;C):</translation>
    </message>
    <message>
        <source>Configuration: %1</source>
        <translation>구성: %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::DeleteClusterDialog</name>
    <message>
        <source>Delete cluster %1</source>
        <translation>클러스터 %1 삭제</translation>
    </message>
    <message>
        <source>Deleting %1 stops its brokers and removes all of its data: every topic and message. This cannot be undone.

Type the cluster&apos;s name to confirm:</source>
        <translation>%1을(를) 삭제하면 브로커가 중지되고 모든 토픽과 메시지를 포함한 데이터가 지워집니다. 되돌릴 수 없습니다.

확인하려면 클러스터 이름을 입력하세요:</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupListModel</name>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>멤버</translation>
    </message>
    <message>
        <source>Total lag</source>
        <translation>총 지연</translation>
    </message>
    <message>
        <source>Rebalancing (PreparingRebalance)</source>
        <translation>리밸런싱 중(PreparingRebalance)</translation>
    </message>
    <message>
        <source>Rebalancing (CompletingRebalance)</source>
        <translation>리밸런싱 중(CompletingRebalance)</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>안정(Stable)</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>삭제됨(Dead)</translation>
    </message>
    <message>
        <source>Empty (no members)</source>
        <translation>비어 있음(멤버 없음)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupMemberModel</name>
    <message>
        <source>Member</source>
        <translation>멤버</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>클라이언트 ID</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>할당된 파티션</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupOffsetModel</name>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>커밋 오프셋</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>끝 오프셋</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>지연</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupResetPlanModel</name>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>Committed now</source>
        <translation>현재 커밋</translation>
    </message>
    <message>
        <source>After reset</source>
        <translation>재설정 후</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
</context>
<context>
    <name>runnel::ui::GroupsPage</name>
    <message>
        <source>Filter groups</source>
        <translation>그룹 필터</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete group…</source>
        <translation>그룹 삭제(&amp;D)…</translation>
    </message>
    <message>
        <source>Lag per partition</source>
        <translation>파티션별 지연</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>멤버</translation>
    </message>
    <message>
        <source>Reset offsets (only while the group has no members)</source>
        <translation>오프셋 재설정(그룹에 멤버가 없을 때만)</translation>
    </message>
    <message>
        <source>Empty: every topic the group has committed offsets for.</source>
        <translation>비워 두면 그룹이 오프셋을 커밋한 모든 토픽.</translation>
    </message>
    <message>
        <source>Earliest</source>
        <translation>가장 이른</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>최신</translation>
    </message>
    <message>
        <source>At time</source>
        <translation>특정 시간</translation>
    </message>
    <message>
        <source>Exact offset</source>
        <translation>정확한 오프셋</translation>
    </message>
    <message>
        <source>Shift by N</source>
        <translation>N만큼 이동</translation>
    </message>
    <message>
        <source>time, offset or N</source>
        <translation>시간, 오프셋 또는 N</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>미리 보기(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Apply reset</source>
        <translation>재설정 적용(&amp;A)</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>토픽:</translation>
    </message>
    <message>
        <source>%1 — %2, %3 member(s), total lag %4</source>
        <translation>%1 — %2, 멤버 %3명, 총 지연 %4</translation>
    </message>
    <message>
        <source>The group has active members; stop its consumers to reset offsets.</source>
        <translation>그룹에 활성 멤버가 있습니다. 오프셋을 재설정하려면 컨슈머를 중지하세요.</translation>
    </message>
    <message>
        <source>Choose a group first.</source>
        <translation>먼저 그룹을 선택하세요.</translation>
    </message>
    <message numerus="yes">
        <source>Preview: %n partition(s) would change as shown. Nothing is committed until you apply.</source>
        <translation>
            <numerusform>미리 보기: 파티션 %n개가 표시된 대로 바뀝니다. 적용하기 전에는 아무것도 커밋되지 않습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview the reset first.</source>
        <translation>먼저 재설정을 미리 보세요.</translation>
    </message>
    <message>
        <source>Reset the offsets of %1.</source>
        <translation>%1의 오프셋을 재설정했습니다.</translation>
    </message>
    <message>
        <source>Deleted the group %1.</source>
        <translation>그룹 %1을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>Delete group</source>
        <translation>그룹 삭제</translation>
    </message>
    <message>
        <source>Delete the consumer group %1 and its committed offsets? Its consumers will start from their reset policy next time.</source>
        <translation>컨슈머 그룹 %1과(와) 커밋된 오프셋을 삭제할까요? 해당 컨슈머는 다음 실행 때 재설정 정책에 따라 시작합니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::KafkaService</name>
    <message>
        <source>The topic &quot;%1&quot; does not exist on this cluster.</source>
        <translation>토픽 &quot;%1&quot;이(가) 이 클러스터에 없습니다.</translation>
    </message>
    <message>
        <source>Describing the topic &quot;%1&quot;</source>
        <translation>토픽 &quot;%1&quot; 조회</translation>
    </message>
    <message>
        <source>Creating the topic &quot;%1&quot;</source>
        <translation>토픽 &quot;%1&quot; 생성</translation>
    </message>
    <message>
        <source>Deleting the topic &quot;%1&quot;</source>
        <translation>토픽 &quot;%1&quot; 삭제</translation>
    </message>
    <message>
        <source>Adding partitions to &quot;%1&quot;</source>
        <translation>&quot;%1&quot;에 파티션 추가</translation>
    </message>
    <message>
        <source>Reading the configuration of &quot;%1&quot;</source>
        <translation>&quot;%1&quot;의 구성 읽기</translation>
    </message>
    <message>
        <source>Changing the configuration of &quot;%1&quot;</source>
        <translation>&quot;%1&quot;의 구성 변경</translation>
    </message>
    <message>
        <source>The topic &quot;%1&quot; has no partition %2.</source>
        <translation>토픽 &quot;%1&quot;에 파티션 %2이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Reading %1 [%2]</source>
        <translation>%1 [%2] 읽기</translation>
    </message>
    <message>
        <source>Producing to &quot;%1&quot;</source>
        <translation>&quot;%1&quot;에 생산</translation>
    </message>
    <message>
        <source>%1 of %2 records could not be delivered to &quot;%3&quot;: %4</source>
        <translation>레코드 %2개 중 %1개를 &quot;%3&quot;에 전달하지 못했습니다: %4</translation>
    </message>
    <message>
        <source>the cluster sent no records for 30 seconds</source>
        <translation>클러스터가 30초 동안 레코드를 보내지 않았습니다</translation>
    </message>
    <message>
        <source>Reading &quot;%1&quot;</source>
        <translation>&quot;%1&quot; 읽기</translation>
    </message>
    <message>
        <source>Listing consumer groups</source>
        <translation>컨슈머 그룹 나열</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; was not found.</source>
        <translation>그룹 &quot;%1&quot;을(를) 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; has no committed offsets; choose a topic to reset.</source>
        <translation>그룹 &quot;%1&quot;에 커밋된 오프셋이 없습니다. 재설정할 토픽을 선택하세요.</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; is %2 with %3 member(s). Offsets can only be reset while the group is inactive: stop its consumers and try again.</source>
        <translation>그룹 &quot;%1&quot;은(는) 멤버 %3명이 있는 %2 상태입니다. 오프셋은 그룹이 비활성일 때만 재설정할 수 있습니다. 컨슈머를 중지하고 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Resetting the offsets of group &quot;%1&quot;</source>
        <translation>그룹 &quot;%1&quot;의 오프셋 재설정</translation>
    </message>
    <message>
        <source>%1 [%2]: %3</source>
        <translation>%1 [%2]: %3</translation>
    </message>
    <message>
        <source>Deleting the group &quot;%1&quot;</source>
        <translation>그룹 &quot;%1&quot; 삭제</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 실패: %2</translation>
    </message>
    <message>
        <source>no answer from the cluster in time</source>
        <translation>제시간에 클러스터의 응답이 없음</translation>
    </message>
    <message>
        <source>Looking up offsets</source>
        <translation>오프셋 조회</translation>
    </message>
    <message>
        <source>Looking up offsets of %1 [%2]</source>
        <translation>%1 [%2]의 오프셋 조회</translation>
    </message>
    <message>
        <source>The connection setting %1 is not accepted: %2</source>
        <translation>연결 설정 %1이(가) 허용되지 않습니다: %2</translation>
    </message>
    <message>
        <source>Could not create a Kafka client: %1</source>
        <translation>Kafka 클라이언트를 만들 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Reading the cluster&apos;s metadata</source>
        <translation>클러스터 메타데이터 읽기</translation>
    </message>
    <message>
        <source>Reading the offsets of group &quot;%1&quot;</source>
        <translation>그룹 &quot;%1&quot;의 오프셋 읽기</translation>
    </message>
    <message>
        <source>Describing consumer groups</source>
        <translation>컨슈머 그룹 조회</translation>
    </message>
    <message>
        <source>Describing the group &quot;%1&quot;</source>
        <translation>그룹 &quot;%1&quot; 조회</translation>
    </message>
    <message>
        <source>The ACL names an unknown resource type, pattern type, operation or permission.</source>
        <translation>ACL에 알 수 없는 리소스 유형, 패턴 유형, 작업 또는 권한이 있습니다.</translation>
    </message>
    <message>
        <source>Listing the ACLs</source>
        <translation>ACL 나열</translation>
    </message>
    <message>
        <source>Creating the ACL</source>
        <translation>ACL 생성</translation>
    </message>
    <message>
        <source>Deleting the ACL</source>
        <translation>ACL 삭제</translation>
    </message>
    <message>
        <source>the cluster has no such ACL</source>
        <translation>클러스터에 해당 ACL이 없음</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MainWindow</name>
    <message>
        <source>Runnel</source>
        <translation>Runnel</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>클러스터</translation>
    </message>
    <message>
        <source>Create cluster…</source>
        <translation>클러스터 생성…</translation>
    </message>
    <message>
        <source>Add external cluster…</source>
        <translation>외부 클러스터 추가…</translation>
    </message>
    <message>
        <source>Connected to runnel-agent (%1)</source>
        <translation>runnel-agent에 연결됨(%1)</translation>
    </message>
    <message>
        <source>runnel-agent does not answer on %1; retrying…</source>
        <translation>runnel-agent가 %1에서 응답하지 않습니다. 다시 시도하는 중…</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Create cluster…</source>
        <translation>클러스터 생성(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Add external cluster…</source>
        <translation>외부 클러스터 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>클러스터(&amp;C)</translation>
    </message>
    <message>
        <source>View client &amp;information</source>
        <translation>클라이언트 정보 보기(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Update configuration…</source>
        <translation>구성 업데이트(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Delete cluster…</source>
        <translation>클러스터 삭제(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>감사 로그(&amp;A)</translation>
    </message>
    <message>
        <source>Cluster &amp;list</source>
        <translation>클러스터 목록(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The new language applies the next time Runnel starts.</source>
        <translation>새 언어는 Runnel을 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Runnel</source>
        <translation>Runnel 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About Runnel</source>
        <translation>Runnel 정보</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runnel&lt;/b&gt; %1&lt;br&gt;A managed Kafka service on the desktop.&lt;br&gt;Apache-2.0.</source>
        <translation>&lt;b&gt;Runnel&lt;/b&gt; %1&lt;br&gt;데스크톱의 관리형 Kafka 서비스.&lt;br&gt;Apache-2.0.</translation>
    </message>
    <message>
        <source>Kafka clusters on this computer, managed like MSK: created in seconds, healed when a broker dies, every change audited.
Select a cluster on the left, or create one.</source>
        <translation>이 컴퓨터의 Kafka 클러스터를 MSK처럼 관리합니다: 몇 초 만에 생성되고, 브로커가 중단되면 복구되며, 모든 변경이 감사됩니다.
왼쪽에서 클러스터를 선택하거나 새로 만드세요.</translation>
    </message>
    <message>
        <source>Starting runnel-agent…</source>
        <translation>runnel-agent 시작 중…</translation>
    </message>
    <message>
        <source>Could not start runnel-agent: %1</source>
        <translation>runnel-agent를 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Welcome to Runnel</source>
        <translation>Runnel에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>There is no cluster yet. Create the default local cluster “local” now? It listens on 127.0.0.1:9092 and is ready in seconds.</source>
        <translation>아직 클러스터가 없습니다. 기본 로컬 클러스터 “local”을 지금 만들까요? 127.0.0.1:9092에서 수신하며 몇 초 안에 준비됩니다.</translation>
    </message>
    <message>
        <source>The cluster %1 exists already.</source>
        <translation>클러스터 %1이(가) 이미 있습니다.</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>%1을(를) 만들 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Creating cluster %1…</source>
        <translation>클러스터 %1 생성 중…</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>연결 제거</translation>
    </message>
    <message>
        <source>Remove the connection %1 and its saved password? The cluster itself is not touched.</source>
        <translation>연결 %1과(와) 저장된 비밀번호를 제거할까요? 클러스터 자체는 건드리지 않습니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MessageModel</name>
    <message>
        <source>Partition</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>오프셋</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>타임스탬프</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>헤더</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>could not be read: %1</source>
        <translation>읽을 수 없음: %1</translation>
    </message>
    <message>
        <source>(no record at this offset: compacted away or a transaction marker)</source>
        <translation>(이 오프셋에 레코드 없음: 압축으로 제거되었거나 트랜잭션 마커)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MessagesPage</name>
    <message>
        <source>… %1 more bytes not shown</source>
        <translation>… 표시되지 않은 %1바이트 더 있음</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>모든 파티션</translation>
    </message>
    <message>
        <source>From the beginning</source>
        <translation>처음부터</translation>
    </message>
    <message>
        <source>Newest N per partition</source>
        <translation>파티션별 최신 N개</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>오프셋부터</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>시간부터</translation>
    </message>
    <message>
        <source>N, offset or time</source>
        <translation>N, 오프셋 또는 시간</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Live &amp;tail</source>
        <translation>실시간 추적(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation>생산(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Replay selection…</source>
        <translation>선택 항목 재전송(&amp;R)…</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>토픽:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>16진수</translation>
    </message>
    <message>
        <source>Search the whole range</source>
        <translation>전체 범위 검색</translation>
    </message>
    <message>
        <source>Key, value or headers</source>
        <translation>키, 값 또는 헤더</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>헤더</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>포함</translation>
    </message>
    <message>
        <source>matches regex</source>
        <translation>정규식 일치</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>대/소문자 구분</translation>
    </message>
    <message>
        <source>from the beginning</source>
        <translation>처음부터</translation>
    </message>
    <message>
        <source>from offset</source>
        <translation>오프셋부터</translation>
    </message>
    <message>
        <source>from time</source>
        <translation>시간부터</translation>
    </message>
    <message>
        <source>to the end</source>
        <translation>끝까지</translation>
    </message>
    <message>
        <source>to offset</source>
        <translation>오프셋까지</translation>
    </message>
    <message>
        <source>to time</source>
        <translation>시간까지</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>검색(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Choose a topic to browse.</source>
        <translation>탐색할 토픽을 선택하세요.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
    <message>
        <source>%1: %2 messages in view.</source>
        <translation>%1: 메시지 %2개 표시 중.</translation>
    </message>
    <message>
        <source>Partition %1, offset %2, %3
Key: %4
Headers: %5</source>
        <translation>파티션 %1, 오프셋 %2, %3
키: %4
헤더: %5</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>(null value: a tombstone)</source>
        <translation>(null 값: 툼스톤)</translation>
    </message>
    <message>
        <source>(binary value, %1 bytes: see Hex)</source>
        <translation>(바이너리 값, %1바이트: 16진수 보기 참조)</translation>
    </message>
    <message>
        <source>The value is not JSON (%1 at byte %2).</source>
        <translation>값이 JSON이 아닙니다(%2바이트 위치에서 %1).</translation>
    </message>
    <message>
        <source>Choose a topic to search.</source>
        <translation>검색할 토픽을 선택하세요.</translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>%1 검색 중…</translation>
    </message>
    <message>
        <source>Scanned %1 of %2 messages, %3 found.</source>
        <translation>메시지 %2개 중 %1개 검색, %3개 찾음.</translation>
    </message>
    <message>
        <source>Cancelled after scanning %1 of %2 messages; %3 found.</source>
        <translation>메시지 %2개 중 %1개를 검색한 뒤 취소됨, %3개 찾음.</translation>
    </message>
    <message>
        <source>Scanned all %2 messages (%1 read); %3 found.</source>
        <translation>메시지 %2개 모두 검색(%1개 읽음), %3개 찾음.</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>처음 %1개를 표시합니다.</translation>
    </message>
    <message>
        <source>Exporting %1 to %2…</source>
        <translation>%1을(를) %2(으)로 내보내는 중…</translation>
    </message>
    <message>
        <source>Exported %1 of %2 messages…</source>
        <translation>메시지 %2개 중 %1개 내보냄…</translation>
    </message>
    <message>
        <source>Could not write %1 (is the disk full?).</source>
        <translation>%1에 쓸 수 없습니다(디스크가 가득 찼나요?).</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 is incomplete.</source>
        <translation>내보내기가 취소되었습니다. %1은(는) 완전하지 않습니다.</translation>
    </message>
    <message>
        <source>Exported %1 messages to %2.</source>
        <translation>메시지 %1개를 %2(으)로 내보냈습니다.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Importing %1 into %2…</source>
        <translation>%1을(를) %2(으)로 가져오는 중…</translation>
    </message>
    <message>
        <source>The file has a record for partition %1 but %2 has %3 partitions. Add partitions to %2 first, or import without keeping partitions.</source>
        <translation>파일에 파티션 %1의 레코드가 있지만 %2의 파티션은 %3개입니다. 먼저 %2에 파티션을 추가하거나, 파티션을 유지하지 않고 가져오세요.</translation>
    </message>
    <message>
        <source>Imported %1 messages into %2.</source>
        <translation>메시지 %1개를 %2(으)로 가져왔습니다.</translation>
    </message>
    <message>
        <source>Imported %1 messages…</source>
        <translation>메시지 %1개 가져옴…</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1, line %2: %3</source>
        <translation>%1, %2번째 줄: %3</translation>
    </message>
    <message>
        <source>Select the messages to replay first.</source>
        <translation>먼저 재전송할 메시지를 선택하세요.</translation>
    </message>
    <message>
        <source>Choose the topic to replay to.</source>
        <translation>재전송할 토픽을 선택하세요.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2의 %1</translation>
    </message>
    <message>
        <source>Replaying %1 messages to %2…</source>
        <translation>메시지 %1개를 %2(으)로 재전송하는 중…</translation>
    </message>
    <message>
        <source>Replayed %1 messages to %2.</source>
        <translation>메시지 %1개를 %2(으)로 재전송했습니다.</translation>
    </message>
    <message>
        <source>The selection in partition %1 spans more than 100,000 offsets; select fewer messages or search for them and replay the results.</source>
        <translation>파티션 %1의 선택 범위가 오프셋 100,000개를 넘습니다. 메시지를 더 적게 선택하거나, 검색한 뒤 그 결과를 재전송하세요.</translation>
    </message>
    <message>
        <source>Export messages as JSON lines</source>
        <translation>메시지를 JSON Lines로 내보내기</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Import messages</source>
        <translation>메시지 가져오기</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Keep each message&apos;s partition</source>
        <translation>각 메시지의 파티션 유지</translation>
    </message>
    <message>
        <source>JSON lines file:</source>
        <translation>JSON Lines 파일:</translation>
    </message>
    <message>
        <source>Into topic:</source>
        <translation>대상 토픽:</translation>
    </message>
    <message>
        <source>Replay selection</source>
        <translation>선택 항목 재전송</translation>
    </message>
    <message>
        <source>This cluster</source>
        <translation>이 클러스터</translation>
    </message>
    <message>
        <source>Cluster:</source>
        <translation>클러스터:</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricCatalog</name>
    <message>
        <source>Active controllers in the cluster; exactly one when healthy.</source>
        <translation>클러스터의 활성 컨트롤러 수. 정상이면 정확히 1입니다.</translation>
    </message>
    <message>
        <source>Partitions across all topics, without replicas.</source>
        <translation>모든 토픽의 파티션 수(복제본 제외).</translation>
    </message>
    <message>
        <source>Topics in the cluster.</source>
        <translation>클러스터의 토픽 수.</translation>
    </message>
    <message>
        <source>Partitions without a leader; zero when healthy.</source>
        <translation>리더가 없는 파티션 수. 정상이면 0입니다.</translation>
    </message>
    <message>
        <source>Bytes received from clients per second.</source>
        <translation>클라이언트로부터 받은 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Bytes sent to clients per second.</source>
        <translation>클라이언트로 보낸 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Records received from clients per second.</source>
        <translation>클라이언트로부터 받은 초당 레코드 수.</translation>
    </message>
    <message>
        <source>Open client connections.</source>
        <translation>열려 있는 클라이언트 연결 수.</translation>
    </message>
    <message>
        <source>Processor time in user space.</source>
        <translation>사용자 공간의 프로세서 시간.</translation>
    </message>
    <message>
        <source>Processor time in the kernel.</source>
        <translation>커널의 프로세서 시간.</translation>
    </message>
    <message>
        <source>Idle processor time.</source>
        <translation>유휴 프로세서 시간.</translation>
    </message>
    <message>
        <source>Memory used by the broker process.</source>
        <translation>브로커 프로세스가 사용하는 메모리.</translation>
    </message>
    <message>
        <source>Share of the data volume in use.</source>
        <translation>데이터 볼륨의 사용 비율.</translation>
    </message>
    <message>
        <source>Partitions this broker leads.</source>
        <translation>이 브로커가 리더인 파티션 수.</translation>
    </message>
    <message>
        <source>Partition replicas on this broker.</source>
        <translation>이 브로커에 있는 파티션 복제본 수.</translation>
    </message>
    <message>
        <source>Mean time to serve a produce request.</source>
        <translation>생산 요청을 처리하는 평균 시간.</translation>
    </message>
    <message>
        <source>Mean size of a request.</source>
        <translation>요청의 평균 크기.</translation>
    </message>
    <message>
        <source>Partitions with fewer in-sync replicas than min.insync.replicas.</source>
        <translation>동기화된 복제본이 min.insync.replicas보다 적은 파티션 수.</translation>
    </message>
    <message>
        <source>Partitions missing an in-sync replica.</source>
        <translation>동기화된 복제본이 부족한 파티션 수.</translation>
    </message>
    <message>
        <source>Mean time to serve a consumer&apos;s fetch.</source>
        <translation>컨슈머의 페치를 처리하는 평균 시간.</translation>
    </message>
    <message>
        <source>Mean time to serve a follower&apos;s fetch.</source>
        <translation>팔로워의 페치를 처리하는 평균 시간.</translation>
    </message>
    <message>
        <source>Mean time the leader spends writing a produce request.</source>
        <translation>리더가 생산 요청을 기록하는 평균 시간.</translation>
    </message>
    <message>
        <source>Mean time a produce request waits in the request queue.</source>
        <translation>생산 요청이 요청 대기열에서 기다리는 평균 시간.</translation>
    </message>
    <message>
        <source>Bytes received from other brokers per second.</source>
        <translation>다른 브로커로부터 받은 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Bytes sent to other brokers per second.</source>
        <translation>다른 브로커로 보낸 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Share of time the request handler threads are idle.</source>
        <translation>요청 처리기 스레드가 유휴 상태인 시간의 비율.</translation>
    </message>
    <message>
        <source>Open TCP connections to the broker.</source>
        <translation>브로커에 열려 있는 TCP 연결 수.</translation>
    </message>
    <message>
        <source>Bytes received for this topic per second.</source>
        <translation>이 토픽이 받은 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Bytes sent for this topic per second.</source>
        <translation>이 토픽에서 보낸 초당 바이트 수.</translation>
    </message>
    <message>
        <source>Records received for this topic per second.</source>
        <translation>이 토픽이 받은 초당 레코드 수.</translation>
    </message>
    <message>
        <source>Records not yet consumed, summed over the topic&apos;s partitions.</source>
        <translation>아직 소비되지 않은 레코드 수(토픽의 모든 파티션 합계).</translation>
    </message>
    <message>
        <source>Records not yet consumed in the partition that lags most.</source>
        <translation>지연이 가장 큰 파티션에서 아직 소비되지 않은 레코드 수.</translation>
    </message>
    <message>
        <source>Estimated time the group needs to catch up, for its slowest partition.</source>
        <translation>그룹이 가장 느린 파티션을 따라잡는 데 필요한 예상 시간.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricQuery</name>
    <message>
        <source>The agent&apos;s GetMetricData reply has no MetricDataResults list.</source>
        <translation>에이전트의 GetMetricData 응답에 MetricDataResults 목록이 없습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s GetMetricData reply has a result without an Id.</source>
        <translation>에이전트의 GetMetricData 응답에 Id가 없는 결과가 있습니다.</translation>
    </message>
    <message>
        <source>The agent returned %1 timestamps but %2 values for %3.</source>
        <translation>에이전트가 %3에 대해 타임스탬프 %1개와 값 %2개를 반환했습니다.</translation>
    </message>
    <message>
        <source>The agent returned an unreadable data point (%1, %2) for %3.</source>
        <translation>에이전트가 %3에 대해 읽을 수 없는 데이터 포인트(%1, %2)를 반환했습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s ListMetrics reply has no Metrics list.</source>
        <translation>에이전트의 ListMetrics 응답에 Metrics 목록이 없습니다.</translation>
    </message>
    <message>
        <source>The agent&apos;s ListMetrics reply has a metric without a name.</source>
        <translation>에이전트의 ListMetrics 응답에 이름이 없는 지표가 있습니다.</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1일</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1일</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1시간</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>Broker %1</source>
        <translation>브로커 %1</translation>
    </message>
    <message>
        <source>Partition %1</source>
        <translation>파티션 %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricScope</name>
    <message>
        <source>%1 › broker %2</source>
        <translation>%1 › 브로커 %2</translation>
    </message>
    <message>
        <source>%1 › topic %2</source>
        <translation>%1 › 토픽 %2</translation>
    </message>
    <message>
        <source>%1 › consumer group %2</source>
        <translation>%1 › 컨슈머 그룹 %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::MetricsDashboard</name>
    <message>
        <source>1 hour</source>
        <translation>1시간</translation>
    </message>
    <message>
        <source>3 hours</source>
        <translation>3시간</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12시간</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1일</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1주</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>최소</translation>
    </message>
    <message>
        <source>Sample count</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Create alarm…</source>
        <translation>경보 생성…</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>경보</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>사용자 지정…</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>시간 범위</translation>
    </message>
    <message>
        <source>Start of the range</source>
        <translation>범위 시작</translation>
    </message>
    <message>
        <source>End of the range</source>
        <translation>범위 끝</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>통계</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>Auto refresh</source>
        <translation>자동 새로 고침</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>시간 범위(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Statistic:</source>
        <translation>통계(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>기간(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Auto refresh:</source>
        <translation>자동 새로 고침(&amp;A):</translation>
    </message>
    <message>
        <source>The start of the time range must be before its end; change one of them and apply again.</source>
        <translation>시간 범위의 시작은 끝보다 앞서야 합니다. 둘 중 하나를 바꾸고 다시 적용하세요.</translation>
    </message>
    <message>
        <source>Metrics could not be listed: %1</source>
        <translation>지표 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Metric data could not be read: %1</source>
        <translation>지표 데이터를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>No data reported yet.</source>
        <translation>아직 보고된 데이터가 없습니다.</translation>
    </message>
    <message>
        <source>No data reported yet. The cluster publishes this metric from the %1 monitoring level on; raise its enhanced monitoring to see it.</source>
        <translation>아직 보고된 데이터가 없습니다. 클러스터는 이 지표를 %1 모니터링 수준부터 게시합니다. 보려면 향상된 모니터링 수준을 높이세요.</translation>
    </message>
    <message>
        <source>No data in this time range.</source>
        <translation>이 시간 범위에 데이터가 없습니다.</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>%1에 업데이트됨</translation>
    </message>
    <message>
        <source>No data: the agent did not answer as expected.</source>
        <translation>데이터 없음: 에이전트가 예상대로 응답하지 않았습니다.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Alarm “%1” went to ALARM at %2: %3</source>
        <translation>경보 “%1”이(가) %2에 ALARM 상태가 되었습니다: %3</translation>
    </message>
    <message>
        <source>Alarms (%1 in alarm)</source>
        <translation>경보(%1개 경보 상태)</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationModel</name>
    <message>
        <source>Create cluster</source>
        <translation>클러스터 생성</translation>
    </message>
    <message>
        <source>Delete cluster</source>
        <translation>클러스터 삭제</translation>
    </message>
    <message>
        <source>Heal broker</source>
        <translation>브로커 복구</translation>
    </message>
    <message>
        <source>Reboot broker</source>
        <translation>브로커 재부팅</translation>
    </message>
    <message>
        <source>Restart brokers</source>
        <translation>브로커 재시작</translation>
    </message>
    <message>
        <source>Update configuration</source>
        <translation>구성 업데이트</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationProgress</name>
    <message>
        <source>Waiting for the operation to start…</source>
        <translation>작업이 시작되기를 기다리는 중…</translation>
    </message>
    <message>
        <source>Could not read the operation&apos;s progress: %1</source>
        <translation>작업 진행 상황을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>완료했습니다.</translation>
    </message>
    <message>
        <source>The operation failed: %1</source>
        <translation>작업이 실패했습니다: %1</translation>
    </message>
</context>
<context>
    <name>runnel::ui::OperationStepModel</name>
    <message>
        <source>Pending</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>완료됨</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행률</translation>
    </message>
</context>
<context>
    <name>runnel::ui::PartitionTableModel</name>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas in sync.</source>
        <translation>복제 부족: 복제본 %2개 중 %1개 동기화됨.</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>리더</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>복제본</translation>
    </message>
    <message>
        <source>In sync</source>
        <translation>동기화</translation>
    </message>
    <message>
        <source>Start offset</source>
        <translation>시작 오프셋</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>끝 오프셋</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ProduceDialog</name>
    <message>
        <source>Produce messages</source>
        <translation>메시지 생산</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>토픽(&amp;T):</translation>
    </message>
    <message>
        <source>empty: no key; {i} is replaced by the copy&apos;s number</source>
        <translation>비우면 키 없음, {i}는 반복 번호</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>키(&amp;K):</translation>
    </message>
    <message>
        <source>{i} is replaced by the copy&apos;s number</source>
        <translation>{i}는 반복 번호로 바뀜</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>값(&amp;V):</translation>
    </message>
    <message>
        <source>Value from &amp;file…</source>
        <translation>파일에서 값 가져오기(&amp;F)…</translation>
    </message>
    <message>
        <source>Use typed value</source>
        <translation>입력한 값 사용</translation>
    </message>
    <message>
        <source>one header per line: name=value</source>
        <translation>한 줄에 헤더 하나: name=value</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>헤더(&amp;H):</translation>
    </message>
    <message>
        <source>chosen by key</source>
        <translation>키로 결정</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>파티션(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>반복(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <source>Value from file</source>
        <translation>파일에서 값 가져오기</translation>
    </message>
    <message>
        <source>reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <source>value from %1 (%2 bytes)</source>
        <translation>%1의 값(%2바이트)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 64 MiB, more than a Kafka record can usually hold.</source>
        <translation>%1은(는) 64 MiB보다 커서 Kafka 레코드에 보통 담을 수 있는 크기를 넘습니다.</translation>
    </message>
    <message>
        <source>Choose the topic to send to.</source>
        <translation>보낼 토픽을 선택하세요.</translation>
    </message>
    <message>
        <source>Headers: %1</source>
        <translation>헤더: %1</translation>
    </message>
    <message>
        <source>Sending %1 records…</source>
        <translation>레코드 %1개 보내는 중…</translation>
    </message>
    <message>
        <source>Sent %1 of %2 records…</source>
        <translation>레코드 %2개 중 %1개 보냄…</translation>
    </message>
    <message>
        <source>Sent %1 records to %2.</source>
        <translation>레코드 %1개를 %2(으)로 보냈습니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::RecordCodec</name>
    <message>
        <source>&quot;%1&quot; must be a string or null.</source>
        <translation>&quot;%1&quot;은(는) 문자열이나 null이어야 합니다.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is marked base64 but is not valid base64.</source>
        <translation>&quot;%1&quot;은(는) base64로 표시되었지만 올바른 base64가 아닙니다.</translation>
    </message>
    <message>
        <source>&quot;%1_encoding&quot; must be &quot;utf8&quot; or &quot;base64&quot;.</source>
        <translation>&quot;%1_encoding&quot;은 &quot;utf8&quot; 또는 &quot;base64&quot;여야 합니다.</translation>
    </message>
    <message>
        <source>The line is not a JSON object (%1).</source>
        <translation>줄이 JSON 객체가 아닙니다(%1).</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUserDialog</name>
    <message>
        <source>Create SCRAM user</source>
        <translation>SCRAM 사용자 생성</translation>
    </message>
    <message>
        <source>Rotate password of %1</source>
        <translation>%1의 비밀번호 교체</translation>
    </message>
    <message>
        <source>Super user (restarts the brokers one by one)</source>
        <translation>슈퍼 사용자(브로커를 하나씩 재시작)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>새 비밀번호</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>비밀번호 확인</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>메커니즘</translation>
    </message>
    <message>
        <source>SCRAM-SHA-256 and SCRAM-SHA-512 (the agent stores both)</source>
        <translation>SCRAM-SHA-256 및 SCRAM-SHA-512(에이전트가 둘 다 저장)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>교체</translation>
    </message>
    <message>
        <source>The user name has 1 to 128 letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;@&apos; or &apos;-&apos;.</source>
        <translation>사용자 이름은 영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;@&apos;, &apos;-&apos;로 된 1~128자입니다.</translation>
    </message>
    <message>
        <source>The password has at least 8 characters.</source>
        <translation>비밀번호는 8자 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>두 비밀번호가 다릅니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUserModel</name>
    <message>
        <source>%1 (%2 iterations)</source>
        <translation>%1(반복 %2회)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>보안 주체</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>메커니즘</translation>
    </message>
    <message>
        <source>Super user</source>
        <translation>슈퍼 사용자</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScramUsersPage</name>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Create user…</source>
        <translation>사용자 생성…</translation>
    </message>
    <message>
        <source>Rotate password…</source>
        <translation>비밀번호 교체…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Could not list the users: %1</source>
        <translation>사용자 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 exists already; rotate its password instead.</source>
        <translation>%1이(가) 이미 있습니다. 대신 비밀번호를 교체하세요.</translation>
    </message>
    <message>
        <source>Rotating the password of %1…</source>
        <translation>%1의 비밀번호를 교체하는 중…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>%1 생성 중…</translation>
    </message>
    <message>
        <source>Could not rotate the password of %1: %2</source>
        <translation>%1의 비밀번호를 교체할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>%1을(를) 만들 수 없습니다: %2</translation>
    </message>
    <message>
        <source>The password of %1 is rotated.</source>
        <translation>%1의 비밀번호를 교체했습니다.</translation>
    </message>
    <message>
        <source>%1 is created; the brokers restart one by one to make it a super user.</source>
        <translation>%1을(를) 생성했습니다. 슈퍼 사용자로 만들기 위해 브로커가 하나씩 재시작합니다.</translation>
    </message>
    <message>
        <source>%1 is created.</source>
        <translation>%1을(를) 생성했습니다.</translation>
    </message>
    <message>
        <source>Delete SCRAM user</source>
        <translation>SCRAM 사용자 삭제</translation>
    </message>
    <message>
        <source>Delete %1? Its clients can no longer log in.</source>
        <translation>%1을(를) 삭제할까요? 이 사용자의 클라이언트는 더 이상 로그인할 수 없습니다.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>%1 삭제 중…</translation>
    </message>
    <message>
        <source>%1 is deleted.</source>
        <translation>%1을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>%1을(를) 삭제할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ScreenshotTour</name>
    <message>
        <source>Plaintext</source>
        <translation>평문</translation>
    </message>
</context>
<context>
    <name>runnel::ui::SearchCriteria</name>
    <message>
        <source>The regular expression is not valid: %1.</source>
        <translation>정규식이 올바르지 않습니다: %1.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::SecurityPage</name>
    <message>
        <source>ACLs</source>
        <translation>ACL</translation>
    </message>
    <message>
        <source>SCRAM users</source>
        <translation>SCRAM 사용자</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>인증서</translation>
    </message>
    <message>
        <source>Could not read the cluster&apos;s security: %1</source>
        <translation>클러스터의 보안 설정을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>SASL/SCRAM</source>
        <translation>SASL/SCRAM</translation>
    </message>
    <message>
        <source>TLS certificates</source>
        <translation>TLS 인증서</translation>
    </message>
    <message>
        <source>Clients authenticate with %1; the brokers check ACLs, and a resource no ACL names is denied.</source>
        <translation>클라이언트는 %1(으)로 인증하고 브로커는 ACL을 검사합니다. 어떤 ACL에도 지정되지 않은 리소스는 거부됩니다.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 및 </translation>
    </message>
    <message>
        <source>This cluster does not authenticate clients, so its brokers do not check ACLs: every request is allowed.</source>
        <translation>이 클러스터는 클라이언트를 인증하지 않으므로 브로커가 ACL을 검사하지 않습니다. 모든 요청이 허용됩니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicConfigModel</name>
    <message>
        <source>Topic override</source>
        <translation>토픽 재정의</translation>
    </message>
    <message>
        <source>Broker (dynamic)</source>
        <translation>브로커(동적)</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>브로커</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>Read-only: the cluster does not allow changing it per topic.</source>
        <translation>읽기 전용: 클러스터가 토픽별 변경을 허용하지 않습니다.</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>소스</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicListModel</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>복제 부족</translation>
    </message>
    <message>
        <source>The size on disk needs DescribeLogDirs, which this client does not offer.</source>
        <translation>디스크 크기를 보려면 DescribeLogDirs가 필요하지만 이 클라이언트는 이를 제공하지 않습니다.</translation>
    </message>
    <message>
        <source>The read rate of a topic is not visible through the Kafka protocol.</source>
        <translation>토픽의 읽기 속도는 Kafka 프로토콜로 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>토픽</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>RF</source>
        <translation>RF</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>In</source>
        <translation>수신</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>송신</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>%1 bytes in the log segments, one replica of each partition (replication not counted), from the brokers&apos; Size gauges.</source>
        <translation>로그 세그먼트의 %1바이트(파티션마다 복제본 하나, 복제분 제외). 브로커의 Size 게이지 값입니다.</translation>
    </message>
    <message>
        <source>The brokers have not reported this topic&apos;s size yet.</source>
        <translation>브로커가 아직 이 토픽의 크기를 보고하지 않았습니다.</translation>
    </message>
    <message>
        <source>Bytes fetched from this topic per second over the last 10 s, all brokers (BytesOutPerSec).</source>
        <translation>최근 10초 동안 모든 브로커에서 이 토픽으로부터 초당 가져간 바이트(BytesOutPerSec).</translation>
    </message>
    <message>
        <source>The brokers have not reported this topic&apos;s reads yet.</source>
        <translation>브로커가 아직 이 토픽의 읽기를 보고하지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::TopicsPage</name>
    <message>
        <source>Filter topics</source>
        <translation>토픽 필터</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Create…</source>
        <translation>생성(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>삭제(&amp;D)…</translation>
    </message>
    <message>
        <source>Add &amp;partitions…</source>
        <translation>파티션 추가(&amp;P)…</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>파티션</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>변경 사항 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Use &amp;default</source>
        <translation>기본값 사용(&amp;D)</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>구성</translation>
    </message>
    <message numerus="yes">
        <source>%n topic(s), %1 broker(s).</source>
        <translation>
            <numerusform>토픽 %n개, 브로커 %1개.</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>%1 생성 중…</translation>
    </message>
    <message>
        <source>Created the topic %1.</source>
        <translation>토픽 %1을(를) 생성했습니다.</translation>
    </message>
    <message>
        <source>Deleted the topic %1.</source>
        <translation>토픽 %1을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>%1 already has %2 partitions; the new count must be larger (partitions cannot be removed).</source>
        <translation>%1에는 이미 파티션이 %2개 있습니다. 새 개수는 더 커야 합니다(파티션은 줄일 수 없습니다).</translation>
    </message>
    <message>
        <source>%1 now has %2 partitions.</source>
        <translation>이제 %1의 파티션은 %2개입니다.</translation>
    </message>
    <message>
        <source>Saved the configuration of %1.</source>
        <translation>%1의 구성을 저장했습니다.</translation>
    </message>
    <message>
        <source>Delete topic</source>
        <translation>토픽 삭제</translation>
    </message>
    <message>
        <source>Delete the topic %1 and all its messages? This cannot be undone.</source>
        <translation>토픽 %1과(와) 모든 메시지를 삭제할까요? 이 작업은 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Add partitions</source>
        <translation>파티션 추가</translation>
    </message>
    <message>
        <source>New partition count for %1 (keys may map to other partitions afterwards):</source>
        <translation>%1의 새 파티션 수(이후 키가 다른 파티션에 매핑될 수 있음):</translation>
    </message>
</context>
<context>
    <name>runnel::ui::UpdateBrokersDialog</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1MiB</translation>
    </message>
    <message>
        <source>Update storage — %1</source>
        <translation>스토리지 업데이트 — %1</translation>
    </message>
    <message>
        <source>Every broker of the cluster gets the new EBS volume size; the brokers restart one at a time with it. A volume can only grow.</source>
        <translation>클러스터의 모든 브로커가 새 EBS 볼륨 크기를 받고, 브로커가 하나씩 그 크기로 다시 시작합니다. 볼륨은 늘릴 수만 있습니다.</translation>
    </message>
    <message>
        <source>Current size per broker</source>
        <translation>현재 브로커당 크기</translation>
    </message>
    <message>
        <source>Current brokers</source>
        <translation>현재 브로커 수</translation>
    </message>
    <message>
        <source>GiB (up to %1)</source>
        <translation>GiB (최대 %1)</translation>
    </message>
    <message>
        <source>brokers (up to %1)</source>
        <translation>개 브로커 (최대 %1)</translation>
    </message>
    <message>
        <source>New size per broker</source>
        <translation>새 브로커당 크기</translation>
    </message>
    <message>
        <source>Target broker count</source>
        <translation>목표 브로커 수</translation>
    </message>
    <message>
        <source>Update storage</source>
        <translation>스토리지 업데이트</translation>
    </message>
    <message>
        <source>Add brokers</source>
        <translation>브로커 추가</translation>
    </message>
    <message>
        <source>Enter a whole number of GiB from 1 to %1.</source>
        <translation>1부터 %1까지의 정수(GiB)를 입력하세요.</translation>
    </message>
    <message>
        <source>Storage can only grow: the brokers have %1 each, so %2 GiB would shrink it.</source>
        <translation>스토리지는 늘릴 수만 있습니다. 브로커마다 %1이므로 %2GiB는 줄이는 것입니다.</translation>
    </message>
    <message>
        <source>The brokers already have %1 each; enter a larger size.</source>
        <translation>브로커마다 이미 %1입니다. 더 큰 크기를 입력하세요.</translation>
    </message>
    <message>
        <source>Enter a whole number of brokers from 1 to %1.</source>
        <translation>브로커 수는 1부터 %1까지의 정수로 입력하세요.</translation>
    </message>
    <message>
        <source>Asking the agent…</source>
        <translation>에이전트에 요청하는 중…</translation>
    </message>
    <message>
        <source>Broker count — %1</source>
        <translation>브로커 수 — %1</translation>
    </message>
    <message>
        <source>More brokers join the cluster with the same configuration and storage, and partitions are spread onto them. Fewer brokers: the added brokers with the highest ids leave, after their partitions have moved to the brokers that stay.</source>
        <translation>브로커를 늘리면 새 브로커가 같은 구성과 스토리지로 클러스터에 합류하고 파티션이 그쪽으로 분산됩니다. 브로커를 줄이면 추가된 브로커 중 ID가 가장 큰 브로커가, 파티션을 남는 브로커로 옮긴 뒤 빠집니다.</translation>
    </message>
    <message>
        <source>Change broker count</source>
        <translation>브로커 수 변경</translation>
    </message>
    <message numerus="yes">
        <source>The cluster has %n broker(s) already; enter another count.</source>
        <translation>
            <numerusform>클러스터의 브로커는 이미 %n개입니다. 다른 수를 입력하세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>The %1 brokers the cluster was created with run its metadata quorum and stay; enter at least %1.</source>
        <translation>클러스터를 만들 때의 브로커 %1개는 메타데이터 쿼럼을 실행하므로 남아야 합니다. %1 이상을 입력하세요.</translation>
    </message>
    <message numerus="yes">
        <source>%n new broker(s) will join; partitions then move so that every broker holds a fair share.</source>
        <translation>
            <numerusform>새 브로커 %n개가 합류하고, 모든 브로커가 고르게 나눠 갖도록 파티션이 이동합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove brokers</source>
        <translation>브로커 제거</translation>
    </message>
    <message numerus="yes">
        <source>The %n added broker(s) with the highest ids will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</source>
        <translation>
            <numerusform>추가된 브로커 중 ID가 가장 큰 %n개가 제거됩니다. 먼저 파티션이 다른 브로커로 이동한 뒤 각 브로커를 중지하고 데이터를 삭제합니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Broker(s) %1 will be removed. Their partitions move to the other brokers first; then each is stopped and its data deleted.</source>
        <translation>
            <numerusform>브로커 %1이(가) 제거됩니다. 먼저 파티션이 다른 브로커로 이동한 뒤 각 브로커를 중지하고 데이터를 삭제합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>A one-broker cluster runs no metadata quorum that new brokers could join; create a cluster with 3 brokers to grow it later.</source>
        <translation>브로커가 하나인 클러스터에는 새 브로커가 참여할 메타데이터 쿼럼이 없습니다. 나중에 늘리려면 브로커 3개로 클러스터를 만드세요.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::UpdateConfigurationDialog</name>
    <message>
        <source>Update configuration — %1</source>
        <translation>구성 업데이트 — %1</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>구성</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>개정</translation>
    </message>
    <message>
        <source>for example orders-config</source>
        <translation>예: orders-config</translation>
    </message>
    <message>
        <source>New configuration name</source>
        <translation>새 구성 이름</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>server.properties</source>
        <translation>server.properties</translation>
    </message>
    <message>
        <source>Apply (rolling restart)</source>
        <translation>적용(롤링 재시작)</translation>
    </message>
    <message>
        <source>New configuration</source>
        <translation>새 구성</translation>
    </message>
    <message>
        <source>Applying creates the configuration (revision 1) and rolls it onto the cluster, one broker at a time.</source>
        <translation>적용하면 구성(개정 1)을 만들고 브로커를 하나씩 재시작하며 클러스터에 반영합니다.</translation>
    </message>
    <message>
        <source>Your edits become a new revision of this configuration, which is then rolled onto the cluster, one broker at a time.</source>
        <translation>편집한 내용은 이 구성의 새 개정이 되며, 브로커를 하나씩 재시작하며 클러스터에 반영됩니다.</translation>
    </message>
    <message>
        <source>This revision is rolled onto the cluster, one broker at a time.</source>
        <translation>이 개정을 브로커를 하나씩 재시작하며 클러스터에 반영합니다.</translation>
    </message>
    <message>
        <source>The cluster runs the new configuration.</source>
        <translation>클러스터가 새 구성으로 실행 중입니다.</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>개정 %1</translation>
    </message>
    <message>
        <source>Revision %1 — %2</source>
        <translation>개정 %1 — %2</translation>
    </message>
    <message>
        <source>Name the new configuration.</source>
        <translation>새 구성의 이름을 입력하세요.</translation>
    </message>
    <message>
        <source># Kafka broker settings, one key=value per line.</source>
        <translation># Kafka 브로커 설정, 한 줄에 key=value 하나.</translation>
    </message>
</context>
<context>
    <name>runnel::ui::ValueFormat</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2%3</source>
        <translation>%1 %2%3</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation>B/s</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>바이트</translation>
    </message>
    <message>
        <source>bytes per second</source>
        <translation>초당 바이트</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>초당</translation>
    </message>
    <message>
        <source>percent</source>
        <translation>퍼센트</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>밀리초</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>초</translation>
    </message>
</context>
<context>
    <name>runnel::ui::WhatIf</name>
    <message>
        <source>Choose a resource type: %1.</source>
        <translation>리소스 유형을 선택하세요: %1.</translation>
    </message>
    <message>
        <source>The pattern type is LITERAL or PREFIXED.</source>
        <translation>패턴 유형은 LITERAL 또는 PREFIXED입니다.</translation>
    </message>
    <message>
        <source>Choose an operation: %1.</source>
        <translation>작업을 선택하세요: %1.</translation>
    </message>
    <message>
        <source>The permission is ALLOW or DENY.</source>
        <translation>권한은 ALLOW 또는 DENY입니다.</translation>
    </message>
    <message>
        <source>Name the resource (&quot;*&quot; for every resource of the type).</source>
        <translation>리소스 이름을 입력하세요(해당 유형의 모든 리소스는 &quot;*&quot;).</translation>
    </message>
    <message>
        <source>The resource name has spaces at its start or end.</source>
        <translation>리소스 이름의 앞이나 뒤에 공백이 있습니다.</translation>
    </message>
    <message>
        <source>The CLUSTER resource is named kafka-cluster.</source>
        <translation>CLUSTER 리소스의 이름은 kafka-cluster입니다.</translation>
    </message>
    <message>
        <source>A PREFIXED pattern of &quot;*&quot; is not a wildcard; use LITERAL &quot;*&quot; for every resource.</source>
        <translation>PREFIXED 패턴의 &quot;*&quot;는 와일드카드가 아닙니다. 모든 리소스에는 LITERAL &quot;*&quot;를 사용하세요.</translation>
    </message>
    <message>
        <source>The principal is Type:name, for example User:alice or User:* for everyone; &quot;%1&quot; is not.</source>
        <translation>보안 주체는 Type:name 형식입니다(예: User:alice, 모두는 User:*). &quot;%1&quot;은(는) 이 형식이 아닙니다.</translation>
    </message>
    <message>
        <source>The host is &quot;*&quot; for any host or one IP address.</source>
        <translation>호스트는 모든 호스트를 뜻하는 &quot;*&quot; 또는 IP 주소 하나입니다.</translation>
    </message>
    <message>
        <source>The ACL is not valid: %1</source>
        <translation>ACL이 올바르지 않습니다: %1</translation>
    </message>
    <message>
        <source>Ask about a principal of the form Type:name, for example User:alice.</source>
        <translation>Type:name 형식의 보안 주체를 입력하세요(예: User:alice).</translation>
    </message>
    <message>
        <source>Name the resource to ask about.</source>
        <translation>검사할 리소스의 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Give the client&apos;s host (&quot;*&quot; when it does not matter).</source>
        <translation>클라이언트의 호스트를 입력하세요(상관없으면 &quot;*&quot;).</translation>
    </message>
    <message>
        <source>%1 %2 %3 &quot;%4&quot; from %5</source>
        <translation>%1이(가) 호스트 %5에서 %3 &quot;%4&quot;에 %2</translation>
    </message>
    <message>
        <source>ALLOWED: %1 is a super user, so every request is allowed.</source>
        <translation>허용됨: %1은(는) 슈퍼 사용자이므로 모든 요청이 허용됩니다.</translation>
    </message>
    <message>
        <source>ALLOWED: %1 — the highlighted ALLOW ACL grants it.</source>
        <translation>허용됨: %1 — 강조 표시된 ALLOW ACL이 허용합니다.</translation>
    </message>
    <message>
        <source>DENIED: %1 — the highlighted DENY ACL matches, and DENY beats ALLOW.</source>
        <translation>거부됨: %1 — 강조 표시된 DENY ACL이 일치하며, DENY가 ALLOW보다 우선합니다.</translation>
    </message>
    <message>
        <source>ALLOWED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is true.</source>
        <translation>허용됨: %1 — 리소스를 지정한 ACL이 없고 allow.everyone.if.no.acl.found가 true입니다.</translation>
    </message>
    <message>
        <source>DENIED: %1 — no ACL names the resource and allow.everyone.if.no.acl.found is false.</source>
        <translation>거부됨: %1 — 리소스를 지정한 ACL이 없고 allow.everyone.if.no.acl.found가 false입니다.</translation>
    </message>
    <message>
        <source>DENIED: %1 — the highlighted ACLs name the resource, and none of them allows this principal, host and operation.</source>
        <translation>거부됨: %1 — 강조 표시된 ACL이 리소스를 지정하지만, 이 보안 주체·호스트·작업을 허용하는 ACL이 없습니다.</translation>
    </message>
</context>
</TS>
