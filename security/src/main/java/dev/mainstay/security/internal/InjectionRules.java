package dev.mainstay.security.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keyword table and sequence rules of the injection heuristics. Written from the published
 * taxonomy of prompt attacks (instruction override, role and persona manipulation, system-prompt
 * extraction, chat-template and special-token injection, fake delimiters, output forcing,
 * exfiltration, content addressed to the model inside data, authority spoofing, harmful payloads),
 * not from any evaluation set.
 *
 * <p>Each line of {@link #TABLE} is {@code GROUP weight CATEGORY pattern,pattern,...} ({@code {c}} is a
 * comma inside a pattern): a hit of the pattern
 * alone contributes {@code weight} to its category; a {@link #CHAINS} rule fires when hits of its
 * groups follow each other within the given gaps (in chars).
 */
final class InjectionRules {

  /** Categories, in the order of their finding types. */
  static final String[] CATEGORIES = {
    "INSTRUCTION_OVERRIDE", "ROLE_MANIPULATION", "PROMPT_EXTRACTION", "CHAT_TEMPLATE",
    "FAKE_DELIMITER", "OUTPUT_FORCING", "EXFILTRATION", "ADDRESSED_TO_MODEL", "AUTHORITY_SPOOFING",
    "HARMFUL_PAYLOAD", "OBFUSCATION"
  };

  static final int OVERRIDE = 0;
  static final int ROLE = 1;
  static final int EXTRACTION = 2;
  static final int TEMPLATE = 3;
  static final int DELIMITER = 4;
  static final int FORCING = 5;
  static final int EXFIL = 6;
  static final int ADDRESS = 7;
  static final int AUTHORITY = 8;
  static final int HARMFUL = 9;
  static final int OBFUSCATION = 10;

  /** Groups used by chains; "-" is a pattern with no group. */
  static final String[] GROUPS = {
    "-", "OVR", "OVRW", "PRIORS", "PRIOR", "INSTR", "INSTRW", "NEWQ", "STRONGINSTR", "REVEAL", "SECRETN", "ENDOF", "OUTV",
    "ONLY", "QUOTE", "YOURRESP", "MUST", "MODIFYV", "SENDV", "SENSN", "URL", "IMG", "LINKURL", "ROLEPFX",
    "AIN", "NOTEN", "DIRV", "READER", "HIDE", "VISITV", "VOCAI"
  };

  private static final String TABLE = String.join("\n",
      // ---- instruction override: verbs, qualifiers, objects
      "OVR .08 override ignore,ignoring,disregard*,forget,forgetting,overlook,neglect,dismiss,discard",
      "OVR .15 override override,overriding,bypass*,circumvent*",
      "OVRW .02 override skip,abandon,erase,delete,drop,cancel,set aside,throw away,throw out,clear,reset,scrap",
      "PRIORS 0 override previous,previously,prior,above,preceding,earlier,foregoing,initial,original"
          + ",former,existing,system,old,vorherigen,vorherige,anteriores,anterior,precedentes,precedenti",
      "OVR .20 override pay no attention,do not follow,don't follow,dont follow,stop following"
          + ",no longer follow,nevermind,never mind",
      "OVR .10 override ignoriere,ignorieren,ignoriert,vergiss,vergesse,vergessen,ignora,ignoren"
          + ",ignorar,ignorez,ignorer,ignorate,olvida,olvide,olvidar,oublie,oubliez,oublier"
          + ",dimentica,ignoruj,negeer,vergeet",
      "PRIOR 0 override previous,previously,prior,above,preceding,earlier,foregoing,before,initial"
          + ",original,old,existing,former,all,any,every,your,the,system,these,those,given,other"
          + ",preset,default,current,vorherigen,vorherige,alle,deine,die,anteriores,anterior"
          + ",precedentes,precedenti,le,les,las,los,tus,tes,vos,todas,toutes,tutte,le tue,mentioned",
      "INSTR 0 override instruction*,prompt*,rule*,direction*,directive*,guideline*,command*"
          + ",orders,constraint*,restriction*,programming,guidance,polic*,safeguard*,filter*"
          + ",limitation*,training,configuration,protocol*,principle*,ethic*,moral*,boundar*"
          + ",everything,anything,instruktion*,anweisung*,instrucciones,instruccion*,consigne*"
          + ",regeln,reglas,regles,istruzioni,what i said,what you were told,what you were given",
      "INSTRW 0 override message*,input*,content,context,conversation*,text,setting*,task*"
          + ",request*,said,told,stated,written",
      "NEWQ .04 override new,updated,real,actual,true,revised,additional,further,secret,special"
          + ",different,latest,override,hidden,priority,urgent,final",
      "STRONGINSTR 0 override instruction*,directive*,rule*,task,orders,command*,guideline*"
          + ",objective,goal,mission,prompt",
      "- .25 override supersede*,takes precedence,take precedence,highest priority,higher priority"
          + ",no matter what,at all costs,under all circumstances",
      "- .10 override top priority,regardless of,instead of,rather than",
      // ---- role and persona manipulation
      "- .30 role you are now,you're now,youre now,you are no longer,you're no longer",
      "- .25 role you will now,you must now,you shall now,you now are",
      "- .20 role from now on,from this point on,from this moment,henceforth,starting now",
      "- .12 role act as,acting as,behave as,behave like",
      "- .20 role pretend,pretending,roleplay,role-play,role play,imagine you are,imagine that you are",
      "- .45 role your new role,new persona,your new persona,new identity,alter ego",
      "- .55 role do anything now,dan mode,you have been freed,jailbroken",
      "- .40 role no longer bound,not bound by,ignore your training",
      "- .25 role jailbreak*,stay in character,god mode,admin mode,developer mode,dev mode",
      "- .25 role unfiltered,uncensored,no restrictions,without restrictions,without any restrictions"
          + ",no limitations,without limitations,no rules,no ethical,without ethical,amoral"
          + ",maintenance mode,opposite mode",
      "- .25 role unrestricted,sudo,debug mode,break character,hypothetical response,no filter",
      // ---- system-prompt extraction
      "REVEAL 0 extraction reveal*,print*,repeat*,show*,output*,display*,tell,write,list,dump*"
          + ",leak*,disclose*,spell*,recite*,echo*,provide,share,give,return,expose*,summari*"
          + ",translate,convert,encode,explain,describe,what is,what are,what's,whats,include,type"
          + ",paste,copy,read,state",
      "SECRETN .35 extraction pre-prompt,preprompt,pre prompt,hidden prompt"
          + ",hidden instructions,secret instructions,initial prompt,initial instructions",
      "SECRETN .25 extraction system prompt,system message,system instructions,original prompt"
          + ",original instructions,your instructions,your prompt,your programming,your password"
          + ",instructions above,prompt above,secret code,secret word,the password",
      "SECRETN .15 extraction your rules,your directives,your guidelines,access code,passcode"
          + ",context window,start of the conversation,everything above,text above,words above"
          + ",word for word,word-for-word,your context,your system,your configuration",
      "SECRETN .10 extraction password,passphrase,secret key,above text,previous text,verbatim"
          + ",the above,first message,the beginning",
      // ---- chat templates and special tokens
      "- .55 template <|im_start|>,<|im_end|>,<|endoftext|>,<|system|>,<|user|>,<|assistant|>"
          + ",<|eot_id|>,<|start_header_id|>,<|end_header_id|>,<|begin_of_text|>,<|end_of_text|>",
      "- .50 template <|",
      "- .20 template |>",
      "- .60 template [inst],[/inst],<<sys>>,<</sys>>,### system,endoftext,im_start,im_end,eot_id"
          + ",start_header_id",
      "- .45 template ### instruction,### human,### assistant,<system>,</system>,{system},<<system>>",
      "- .30 template [system],[/system]",
      "- .30 template ### response,### user,</user>,</input>,</prompt>,</instructions>,[admin]"
          + ",[developer],</context>,</document>,</email>,<|user|>",
      "- .10 template <s>,<instructions>,(system),</s>",
      "ROLEPFX .0 template system:,assistant:,user:,human:,ai:,admin:,developer:,model:,gpt:"
          + ",chatgpt:,dan:,sys:,root:,operator:",
      // ---- fake delimiters
      "ENDOF .02 delimiter end of,ending of,start of,beginning of,begin,ignore above,stop of",
      "- .20 delimiter [end,ends here,end ambiguity,end user,end of transmission",
      "- .10 delimiter new section,----- ,===== ,***** ,##### ,%%%",
      // ---- output forcing
      "OUTV 0 forcing say,print,output,respond,reply,answer,write,begin,start,type,repeat,return"
          + ",display,state,echo,produce,generate,emit,respond with,reply with,answer with"
          + ",begin with,start with,end with,sag,sage,antworte,schreibe,dis,ecris,reponds,repondez"
          + ",responde,responda,escribe,imprime,diga,scrivi,rispondi,prefix,preface,conclude",
      "QUOTE 0 forcing \",'",
      "ONLY 0 forcing only,exactly,just,verbatim,nothing else,nothing but,the following,the phrase"
          + ",the words,the word,the string,the sentence,and nothing,no other,literally,precisely",
      "YOURRESP .04 forcing your response,your reply,your answer,your output,your summary"
          + ",your next response,your message,your result,your translation,your first"
          + ",your final answer",
      "MUST 0 forcing must,should,will,has to,needs to,need to,shall,always,is to,can only",
      "- .30 forcing repeat after me,prefix your,preface your,begin your reply,begin your response"
          + ",start your reply,start your response,begin your answer,start your answer",
      "- .30 forcing and nothing else,only respond with,only reply with,only output,only say"
          + ",just say,simply say,say only,respond only with,print only,output only,reply only"
          + ",answer only with",
      "- .20 forcing nothing else,do not say,don't say,do not write anything,do not include anything"
          + ",do not explain,don't explain,no explanation,without explanation"
          + ",without any explanation,do not add,don't add,do not output anything",
      // ---- exfiltration
      "IMG .05 exfiltration ![",
      "LINKURL .08 exfiltration ](http*",
      "- .45 exfiltration burpcollaborator,requestbin,interact.sh,oast.",
      "- .25 exfiltration exfiltrat*",
      "- .25 exfiltration ngrok,pipedream,?secret=,?password=,?prompt=,?chat=,?conversation="
          + ",?history=,&secret=,&password=,&prompt=,&history=",
      "- .15 exfiltration ?data=,&data=,?token=",
      "- .12 exfiltration webhook,?q=",
      "SENDV 0 exfiltration send,post,upload,forward,transmit,leak,email,e-mail,submit,deliver"
          + ",append,include,embed",
      "SENSN 0 exfiltration password*,secret*,the data,user data,conversation,chat history"
          + ",history,credential*,api key,token*,personal information,private information"
          + ",confidential,the above,everything,this conversation,previous messages,contact list"
          + ",contacts,credit card,bank account,login details,their data,user's,users'"
          + ",inbox,contents of,full conversation,conversation history,address book,all emails"
          + ",cookies,session token*,ssh key*,environment variables",
      "URL 0 exfiltration http,https,www.",
      // ---- content addressed to the model inside data (indirect injection)
      "- .45 address if you are an ai,if you're an ai,if you are a language model,note to the ai"
          + ",note to the assistant,note to ai,instructions for the ai,message for the ai"
          + ",if you read this,if you are reading this,to any ai,attention ai,attention assistant",
      "- .20 address dear ai,dear assistant,dear model,hey ai,hey assistant,to the ai"
          + ",to the assistant,whoever reads this,ai reading this",
      "- .30 address this is the system",
      "- .25 address when summarizing,when summarising,when you summarize,when you summarise"
          + ",while summarizing,when you respond,when you reply,when you answer,before you respond"
          + ",before responding,after reading this,upon reading,once you read,when you process",
      "- .12 address ai assistant,language model,llm,chatbot,chatgpt,as an ai,ai model"
          + ",important message,important instruction",
      "MODIFYV 0 address include,add,append,insert,mention,encode,translate,reverse,replace"
          + ",rewrite,modify,change,format,convert,embed,attach,prepend,incorporate,conclude,finish",
      // ---- indirect injection: instructions addressed to an AI reader inside a document
      "AIN 0 address ai,a.i.,assistant,assistants,ai assistant,language model,language models,llm,llms"
          + ",chatbot,chatbots,ai agent,ai agents,ai model,ai models,ai system,ai systems,bot,bots"
          + ",automated agent,automated agents,automated system,automated systems,copilot,gpt"
          + ",summarizer,summariser,whichever model,whatever model,any model,models reading"
          + ",model reading,model processing,ki,ia,asistente,assistente,assistent,sprachmodell",
      "NOTEN 0 address note,notice,attention,message,reminder,memo,p.s.,attn,hinweis,nachricht"
          + ",nota,aviso,achtung,atencion,mensaje,remarque",
      "DIRV 0 address ignore,disregard,tell,say,reply,respond,answer,output,print,recommend,mention"
          + ",include,append,insert,add,state,inform,praise,rate,refuse,summarize,summarise,translate"
          + ",rewrite,visit,forward,send,redirect,direct,open,execute,run,approve,ask,do not mention"
          + ",don't mention,never mention,do not tell,don't tell,never reveal,ignoriere,antworte"
          + ",schreibe,incluye,ignora,responde,reponds,ajoute,envoie,inclue",
      "READER 0 address reading this,reads this,processing this,processes this,summarizing this"
          + ",summarising this,summarizes this,summarises this,parsing this,indexing this"
          + ",crawling this,ingesting this,reading the,processing the,summarizing the,summarising the",
      "- .45 address if you are an automated,if you're an automated,if you are a bot,if you are an llm"
          + ",if you are an ai assistant,if you are a chatbot,if you are a large language model"
          + ",if you are an ai agent,if you are gpt",
      "VOCAI 0 address assistant:,assistant{c},ai:,ai{c},chatbot:,chatbot{c},copilot:,copilot{c},llm:"
          + ",llm{c},bot:,agents:,agents{c},reviewers:,assistants:,models:,systems:,bots:,ki:,ki{c}"
          + ",ia:,ia{c},asistente:,asistente{c},assistent:,assistent{c}",
      "- .25 address in your summary,in any summary,when answering questions about"
          + ",when answering any question,if asked about this,when asked about this"
          + ",cuando resumas,wenn du zusammenfasst,quand tu resumes,lorsque tu resumes",
      "- .20 address for ai systems,for ai agents,for ai models,for ai assistants,for language models"
          + ",for llms,for chatbots,for any ai,for the ai,for the assistant,for the model,an die ki"
          + ",para el asistente,para la ia,pour l'ia,pour l'assistant,to the model",
      "- .28 address do not tell the user,don't tell the user,without telling the user"
          + ",without informing the user,do not inform the user,without the user knowing"
          + ",without the user noticing,do not let the user know",
      "- .15 address tell the user,inform the user,ask the user,urge the user,convince the user"
          + ",persuade the user,direct the user,redirect the user,remind the user,instruct the user"
          + ",direct readers,tell readers,tell the reader,pide al usuario,sag dem nutzer,dem nutzer"
          + ",do not mention,don't mention,never mention,without mentioning",
      "- .20 address the user's question,the user's request,the user's instructions,what the user asked"
          + ",frage des nutzers,pregunta del usuario,question de l'utilisateur",
      "- .12 address if the user asks,when the user asks",
      "- .25 override your real task,your actual task,your task is now,your only task",
      "- .30 forcing the correct answer to any,the answer to any question,to any question about this"
          + ",for any question about this",
      "- .15 forcing always say,always answer,always respond,always reply,always state,always mention"
          + ",always recommend,always include",
      "HIDE .12 address <!--,[//]: #,[//]:,color:white,color: white,color:#fff,color: #fff"
          + ",color:#ffffff,color: #ffffff,font-size:0,font-size: 0,display:none,display: none"
          + ",visibility:hidden,visibility: hidden,font-size:1px",
      "- .25 delimiter end of document,end of the document,end of email,end of the email,end of context"
          + ",end of the context,end of data,end of input,end of article,end of text,end of content"
          + ",end of review,end of the review,end of page,end of webpage,document ends here"
          + ",ende des dokuments,fin del documento,fin du document",
      "- .20 exfiltration for their password,for their login,for their credentials,verify their identity"
          + ",confirm their identity,their credit card,their login details,their bank details",
      "- .15 harmful execute the script,run the script,execute the code,execute this command"
          + ",execute the following,run the following command",
      "VISITV 0 exfiltration sign in at,log in at,login at,visit,go to,navigate to,open,direct readers to"
          + ",redirect them to,send them to,download from",
      // ---- authority spoofing
      "- .25 authority i am your developer,i am the developer,i am your creator,i am the admin*"
          + ",i'm the admin*,i am an admin*,i am your admin*,i am the owner,i am your owner"
          + ",i am openai,override code,master password,password is correct,correct password"
          + ",authorization code,you are authorized,i am authorized,i have authorization",
      "- .25 authority admin access,root access,elevated privileges,security clearance"
          + ",authorized user,administrator access,developer access,superuser,privileged",
      // ---- harmful payloads
      "- .45 harmful reverse shell,nc -e,/etc/shadow,invoke-expression,keylogger,ransomware"
          + ",cryptominer,crypto miner,fork bomb,format c:",
      "- .20 harmful rm -rf,/etc/passwd,| bash,|bash,base64 -d,malware,backdoor,trojan"
          + ",drop table,you have won,claim your prize,verify your account",
      "- .15 harmful os.system,| sh,curl http,wget http,powershell -,chmod +x,phishing"
          + ",click here,click the link,gift card,wire transfer,shutil.rmtree,del /f");

  /**
   * Chain rules: category, weight, then group/gap pairs (the first gap is ignored; a negative gap
   * means at most that many chars, all of them spaces or colons).
   */
  static final Object[][] CHAINS = {
    {OVERRIDE, 0.90, "OVR", 0, "PRIORS", 20, "INSTR", 30},
    {OVERRIDE, 0.80, "OVR", 0, "PRIORS", 20, "INSTRW", 20},
    {OVERRIDE, 0.70, "OVR", 0, "PRIOR", 20, "INSTR", 30},
    {OVERRIDE, 0.50, "OVR", 0, "INSTR", 30},
    {OVERRIDE, 0.60, "OVRW", 0, "PRIORS", 20, "INSTR", 30},
    {OVERRIDE, 0.50, "OVRW", 0, "PRIORS", 20, "INSTRW", 20},
    {OVERRIDE, 0.25, "NEWQ", 0, "STRONGINSTR", 12},
    {EXTRACTION, 0.50, "REVEAL", 0, "SECRETN", 40},
    {DELIMITER, 0.40, "ENDOF", 0, "INSTR", 20},
    {DELIMITER, 0.35, "ENDOF", 0, "INSTRW", 20},
    {FORCING, 0.20, "OUTV", 0, "ONLY", 20},
    {FORCING, 0.30, "YOURRESP", 0, "MUST", 8},
    {FORCING, 0.25, "OUTV", 0, "QUOTE", -3},
    {EXFIL, 0.55, "IMG", 0, "LINKURL", 200},
    {EXFIL, 0.35, "SENDV", 0, "SENSN", 40},
    {EXFIL, 0.30, "SENDV", 0, "URL", 50},
    {ADDRESS, 0.30, "MODIFYV", 0, "YOURRESP", 40},
    {ADDRESS, 0.22, "NOTEN", 0, "AIN", 12},
    {ADDRESS, 0.12, "AIN", 0, "DIRV", 20},
    {ADDRESS, 0.30, "VOCAI", 0, "DIRV", 12},
    {ADDRESS, 0.45, "AIN", 0, "READER", 25},
    {ADDRESS, 0.35, "HIDE", 0, "AIN", 60},
    {ADDRESS, 0.12, "HIDE", 0, "DIRV", 8},
    {EXFIL, 0.15, "VISITV", 0, "URL", 12},
  };

  final List<String> patterns = new ArrayList<>();
  final List<Integer> groupOf = new ArrayList<>();
  final List<Double> weightOf = new ArrayList<>();
  final List<Integer> categoryOf = new ArrayList<>();

  InjectionRules() {
    Map<String, Integer> cats = new HashMap<>();
    String[] shortNames = {"override", "role", "extraction", "template", "delimiter", "forcing",
        "exfiltration", "address", "authority", "harmful"};
    for (int i = 0; i < shortNames.length; i++) {
      cats.put(shortNames[i], i);
    }
    for (String line : TABLE.split("\n")) {
      String[] parts = line.split(" ", 4);
      int group = group(parts[0]);
      double weight = Double.parseDouble(parts[1]);
      Integer cat = cats.get(parts[2]);
      if (cat == null) {
        throw new IllegalStateException("unknown category " + parts[2]);
      }
      String alts = parts[3];
      List<String> items = splitAlternatives(alts);
      for (String p : items) {
        patterns.add(p.toLowerCase(Locale.ROOT));
        groupOf.add(group);
        weightOf.add(weight);
        categoryOf.add(cat);
      }
    }
  }

  private static List<String> splitAlternatives(String alts) {
    List<String> items = new ArrayList<>();
    for (String item : alts.split(",")) {
      if (!item.isEmpty()) {
        items.add(item.replace("{c}", ",")); // {c} stands for a comma inside a pattern
      }
    }
    return items;
  }

  static int group(String name) {
    for (int i = 0; i < GROUPS.length; i++) {
      if (GROUPS[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("unknown group " + name);
  }
}
